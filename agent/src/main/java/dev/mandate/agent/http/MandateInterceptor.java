package dev.mandate.agent.http;

import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * An OkHttp interceptor that signs every outgoing request for an agent: it adds
 * {@code Authorization: Mandate <jws>}, {@code Mandate-Chain} and {@code Content-Digest}. The intent of
 * each request comes from {@code intentFor} (e.g. {@code r -> Intent.forRequest("read", r.url().toString())}, which
 * leaves the query out of the intent's resource, as it must be); a
 * request that moves money declares its amount there ({@code new Intent("pay", url, Amount.of("120.00", "EUR"))}),
 * and it is signed in the proof: a capability with {@code maxAmount} allows nothing else.
 * The body is read once into memory to digest it.
 */
public final class MandateInterceptor implements Interceptor {
    private final RequestSigner signer;
    private final Function<Request, Intent> intentFor;

    /**
     * An interceptor for one agent.
     *
     * @param signer    the agent's request signer (key and chain)
     * @param intentFor names each request's action, resource and amount; called once per request
     */
    public MandateInterceptor(RequestSigner signer, Function<Request, Intent> intentFor) {
        this.signer = Objects.requireNonNull(signer);
        this.intentFor = Objects.requireNonNull(intentFor);
    }

    /**
     * The default intent, declaring no amount.
     *
     * @param r the outgoing request
     * @return {@code read} for GET and HEAD, {@code write} otherwise, on the URL without its query
     */
    public static Intent defaultIntent(Request r) {
        return Intent.forRequest(r.method().equals("GET") || r.method().equals("HEAD") ? "read" : "write", r.url().toString());
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request r = chain.request();
        byte[] body = new byte[0];
        RequestBody rb = r.body();
        if (rb != null) {
            Buffer buf = new Buffer();
            rb.writeTo(buf);
            body = buf.readByteArray();
        }
        Map<String, String> headers;
        try {
            headers = signer.headers(r.method(), r.url().toString(), body, intentFor.apply(r));
        } catch (CapabilityException e) {
            throw new IOException("cannot sign request for " + r.url() + ": " + e.getMessage(), e);
        }
        Request.Builder b = r.newBuilder();
        headers.forEach(b::header);
        if (rb != null) b.method(r.method(), RequestBody.create(body, rb.contentType()));
        return chain.proceed(b.build());
    }
}
