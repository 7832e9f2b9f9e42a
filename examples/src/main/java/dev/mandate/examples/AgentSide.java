package dev.mandate.examples;

import dev.mandate.MandateException;
import dev.mandate.agent.http.MandateInterceptor;
import dev.mandate.agent.request.Amount;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.vc.issuer.IssuerKey;
import jakarta.json.JsonObject;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The agent calls the partner's API, every request signed (docs/capabilities.md, "Using it"). */
public final class AgentSide {
    private AgentSide() {
    }

    /**
     * GETs {@code url} (a query is fine) with an OkHttp client that signs every request.
     *
     * @param agent the agent's key (its method is listed under authentication, as a did:key's is)
     * @param chain the agent's capability chain (a grant, or a grant and delegations)
     * @param url   the URL to read
     * @return the status code and the response body
     * @throws MandateException if the request signer cannot be made from the chain
     * @throws IOException      if the call fails
     */
    public static String read(IssuerKey agent, List<JsonObject> chain, String url) throws MandateException, IOException {
        // tag::agent[]
        RequestSigner signer = new RequestSigner(agent, chain, Clock.systemUTC(), Duration.ofSeconds(30));
        OkHttpClient http = new OkHttpClient.Builder()
                .addInterceptor(new MandateInterceptor(signer, r -> Intent.forRequest("read", r.url().toString())))
                .build();
        try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
            return response.code() + " " + response.body().string();
        }
        // end::agent[]
    }

    /**
     * POSTs an order of {@code amount} EUR, declaring the amount in the signed intent.
     *
     * @param agent  the agent's key
     * @param chain  the agent's capability chain
     * @param url    the order URL
     * @param amount e.g. {@code 120.00}
     * @return the status code and the response body
     * @throws MandateException if the amount or URL is malformed
     * @throws IOException      if the call fails
     */
    public static String pay(IssuerKey agent, List<JsonObject> chain, String url, String amount) throws MandateException, IOException {
        RequestSigner signer = new RequestSigner(agent, chain, Clock.systemUTC(), Duration.ofSeconds(30));
        // tag::pay[]
        byte[] body = ("{\"amount\":\"" + amount + "\",\"currency\":\"EUR\"}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = signer.headers("POST", url, body, Intent.forRequest("pay", url, Amount.of(amount, "EUR")));
        // end::pay[]
        Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(body, MediaType.get("application/json")));
        headers.forEach(request::header);
        try (Response response = new OkHttpClient().newCall(request.build()).execute()) {
            return response.code() + " " + response.body().string();
        }
    }
}
