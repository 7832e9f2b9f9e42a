package dev.mandate.vc.verifier.status;

import dev.mandate.did.web.AddressPolicy;
import dev.mandate.did.web.HostResolver;
import okhttp3.CacheControl;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Fetches status list credentials over HTTPS with OkHttp under {@link StatusFetchOptions}: timeouts, a
 * size cap enforced while reading, same-origin redirects only, no proxy, and the SSRF address policy
 * applied to the addresses a host actually resolves to. Thread-safe; share one.
 */
public final class HttpStatusListFetcher implements StatusListFetcher {
    private final StatusFetchOptions options;
    private final AddressPolicy policy;
    private final OkHttpClient client;

    /** A fetcher with the safe defaults. */
    public HttpStatusListFetcher() {
        this(StatusFetchOptions.defaults());
    }

    /** A fetcher with the given options. */
    public HttpStatusListFetcher(StatusFetchOptions options) {
        this.options = options;
        this.policy = policy(options);
        this.client = client(options, options.readTimeout().toMillis(), options.callTimeout().toMillis());
    }

    static AddressPolicy policy(StatusFetchOptions options) {
        return new AddressPolicy(options.allowLoopback() || options.allowHttpOnLoopback(), options.allowPrivateNetworks());
    }

    /** A client with the options' safety settings; {@code callMillis} 0 means no overall limit (streams). */
    static OkHttpClient client(StatusFetchOptions options, long readMillis, long callMillis) {
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readMillis, TimeUnit.MILLISECONDS)
                .writeTimeout(options.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(callMillis, TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .proxy(Proxy.NO_PROXY)
                .dns(new PolicyDns(options.hostResolver(), policy(options)));
        if (!options.trustedCertificates().isEmpty()) {
            X509TrustManager tm = trustManager(options.trustedCertificates());
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

    /** The options in force. */
    public StatusFetchOptions options() { return options; }

    @Override
    public FetchedList fetch(String url) throws StatusFetchException {
        HttpUrl parsed = checkUrl(url, options, policy);
        HttpUrl current = parsed;
        for (int redirects = 0; ; redirects++) {
            Request request = new Request.Builder().url(current)
                    .header("Accept", "application/vc+ld+json, application/vc, application/ld+json;q=0.9, application/json;q=0.8")
                    .header("User-Agent", "mandate-status-checker")
                    .build();
            try (Response response = client.newCall(request).execute()) {
                int code = response.code();
                if (code >= 300 && code < 400 && response.header("Location") != null) {
                    HttpUrl next = current.resolve(response.header("Location"));
                    if (next == null || !next.scheme().equals(current.scheme()) || !next.host().equals(current.host())
                            || next.port() != current.port()) {
                        throw new StatusFetchException("status list host " + current.host() + " redirected to another origin; refused");
                    }
                    if (redirects >= options.maxRedirects()) {
                        throw new StatusFetchException("status list host " + current.host() + " redirected more than " + options.maxRedirects() + " times");
                    }
                    current = next;
                    continue;
                }
                if (code != 200) {
                    throw new StatusFetchException("status list " + shorten(url) + " answered HTTP " + code);
                }
                byte[] body = readCapped(response.body());
                if (body == null) {
                    throw new StatusFetchException("status list " + shorten(url) + " is larger than the limit of " + options.maxBytes() + " bytes");
                }
                CacheControl cc = response.cacheControl();
                return new FetchedList(body, cc.maxAgeSeconds(), cc.noStore() || cc.noCache());
            } catch (InterruptedIOException e) {
                throw new StatusFetchException("timed out fetching status list " + shorten(url) + " (" + e.getMessage() + ")");
            } catch (AddressRefused e) {
                throw refused(current, e.getMessage());
            } catch (SSLException e) {
                throw new StatusFetchException("TLS with " + current.host() + " failed: " + e.getMessage());
            } catch (UnknownHostException e) {
                throw new StatusFetchException("status list host " + current.host() + " not found");
            } catch (IOException e) {
                throw new StatusFetchException("could not fetch status list " + shorten(url) + ": " + e.getMessage());
            } catch (RuntimeException e) {
                throw new StatusFetchException("could not fetch status list " + shorten(url) + ": " + e);
            }
        }
    }

    /** Parses {@code url} and applies the scheme and literal-address rules (host names are checked at DNS time). */
    static HttpUrl checkUrl(String url, StatusFetchOptions options, AddressPolicy policy) throws StatusFetchException {
        HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
        if (parsed == null) {
            throw new StatusFetchException(shorten(String.valueOf(url)) + " is not an http(s) URL");
        }
        boolean loopbackHost = parsed.host().equals("localhost") || parsed.host().startsWith("127.") && isIpv4(parsed.host());
        if (parsed.scheme().equals("http") && !(options.allowHttpOnLoopback() && loopbackHost)) {
            throw new StatusFetchException("refused to fetch " + shorten(url) + ": status lists are fetched over HTTPS only");
        }
        if (isIpv4(parsed.host())) {
            try {
                Optional<String> refusal = policy.refusal(InetAddress.getByName(parsed.host()));
                if (refusal.isPresent()) {
                    throw refused(parsed, refusal.get() + " address " + parsed.host());
                }
            } catch (UnknownHostException e) {
                throw new StatusFetchException("bad host in " + shorten(url));
            }
        }
        return parsed;
    }

    private byte[] readCapped(ResponseBody body) throws IOException {
        long max = options.maxBytes();
        if (body.contentLength() > max) {
            return null;
        }
        BufferedSource source = body.source();
        if (source.request(max + 1)) {
            return null;
        }
        return source.getBuffer().readByteArray();
    }

    private static StatusFetchException refused(HttpUrl url, String why) {
        return new StatusFetchException("refused to contact status list host " + url.host() + ": " + why
                + " (SSRF protection; see allowLoopback/allowPrivateNetworks)");
    }

    private static boolean isIpv4(String host) {
        return host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
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
            throw new IllegalArgumentException("cannot build a trust store: " + e.getMessage(), e);
        }
    }

    /** Thrown by the DNS when every address of a host is refused. */
    private static final class AddressRefused extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        AddressRefused(String message) {
            super(message);
        }
    }

    /** Looks hosts up and drops the addresses the policy refuses. */
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
            String first = null;
            for (InetAddress a : resolver.lookup(hostname)) {
                Optional<String> r = policy.refusal(a);
                if (r.isEmpty()) {
                    allowed.add(a);
                } else if (first == null) {
                    first = r.get() + " address " + a.getHostAddress();
                }
            }
            if (allowed.isEmpty()) {
                throw new AddressRefused(first == null ? "host " + hostname + " has no addresses"
                        : "host " + hostname + " resolves only to refused addresses, e.g. " + first);
            }
            return allowed;
        }
    }
}
