package dev.mandate.did.web;

import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import okio.BufferedSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP client settings every fetch of untrusted URLs shares (did:web documents, status lists, their
 * push stream): no proxy, no redirects followed by OkHttp, no retries, bounded timeouts, an SSRF-safe DNS
 * that drops addresses the {@link AddressPolicy} refuses, optional extra TLS anchors, and capped reads.
 */
public final class SafeHttp {
    private SafeHttp() {
    }

    /**
     * A client for untrusted URLs.
     *
     * @param call    overall limit per call; {@link Duration#ZERO} for none (long-lived streams)
     * @param trusted TLS anchors used instead of the system CAs; empty for the system CAs
     * @throws IllegalArgumentException if the trusted certificates cannot be turned into a trust store
     */
    public static OkHttpClient client(Duration connect, Duration read, Duration call, List<X509Certificate> trusted,
                                      HostResolver resolver, AddressPolicy policy) {
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(connect.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(read.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(read.toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(call.toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .proxy(Proxy.NO_PROXY)
                .dns(new PolicyDns(resolver, policy));
        if (!trusted.isEmpty()) {
            X509TrustManager tm = trustManager(trusted);
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {tm}, null);
                b.sslSocketFactory(ctx.getSocketFactory(), tm);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot set up TLS with the trusted certificates: " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    /** The body if it has at most {@code max} bytes (checked while reading), else empty. */
    public static Optional<byte[]> readCapped(ResponseBody body, long max) throws IOException {
        if (body.contentLength() > max) {
            return Optional.empty();
        }
        BufferedSource source = body.source();
        if (source.request(max + 1)) {
            return Optional.empty();
        }
        return Optional.of(source.getBuffer().readByteArray());
    }

    /** True for a dotted-quad IPv4 literal. */
    public static boolean isIpv4(String host) {
        return host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    private static X509TrustManager trustManager(List<X509Certificate> certs) {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : certs) {
                ks.setCertificateEntry("anchor-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalArgumentException("no X509TrustManager available");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot build a trust store from the trusted certificates: " + e.getMessage(), e);
        }
    }

    /** Looks hosts up and drops the addresses the policy refuses; fails if none remain. */
    private static final class PolicyDns implements Dns {
        private final HostResolver resolver;
        private final AddressPolicy policy;

        PolicyDns(HostResolver resolver, AddressPolicy policy) {
            this.resolver = resolver;
            this.policy = policy;
        }

        @Override
        public List<InetAddress> lookup(String hostname) throws UnknownHostException {
            List<InetAddress> allowed = new ArrayList<>();
            String firstRefusal = null;
            for (InetAddress a : resolver.lookup(hostname)) {
                Optional<String> refusal = policy.refusal(a);
                if (refusal.isEmpty()) {
                    allowed.add(a);
                } else if (firstRefusal == null) {
                    firstRefusal = refusal.get() + " address " + a.getHostAddress();
                }
            }
            if (allowed.isEmpty()) {
                throw new AddressPolicy.RefusedAddressException(firstRefusal == null ? "host " + hostname + " has no addresses"
                        : "host " + hostname + " resolves only to refused addresses, e.g. " + firstRefusal);
            }
            return allowed;
        }
    }
}
