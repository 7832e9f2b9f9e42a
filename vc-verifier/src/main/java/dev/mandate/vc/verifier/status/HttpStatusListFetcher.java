package dev.mandate.vc.verifier.status;

import dev.mandate.did.web.AddressPolicy;
import dev.mandate.did.web.SafeHttp;
import okhttp3.CacheControl;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

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
        return SafeHttp.client(options.connectTimeout(), java.time.Duration.ofMillis(readMillis), java.time.Duration.ofMillis(callMillis),
                options.trustedCertificates(), options.hostResolver(), policy(options));
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
                byte[] body = SafeHttp.readCapped(response.body(), options.maxBytes()).orElse(null);
                if (body == null) {
                    throw new StatusFetchException("status list " + shorten(url) + " is larger than the limit of " + options.maxBytes() + " bytes");
                }
                CacheControl cc = response.cacheControl();
                return new FetchedList(body, cc.maxAgeSeconds(), cc.noStore() || cc.noCache());
            } catch (InterruptedIOException e) {
                throw new StatusFetchException("timed out fetching status list " + shorten(url) + " (" + e.getMessage() + ")");
            } catch (AddressPolicy.RefusedAddressException e) {
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
        boolean loopbackHost = parsed.host().equals("localhost") || parsed.host().startsWith("127.") && SafeHttp.isIpv4(parsed.host());
        if (parsed.scheme().equals("http") && !(options.allowHttpOnLoopback() && loopbackHost)) {
            throw new StatusFetchException("refused to fetch " + shorten(url) + ": status lists are fetched over HTTPS only");
        }
        if (SafeHttp.isIpv4(parsed.host())) {
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

    private static StatusFetchException refused(HttpUrl url, String why) {
        return new StatusFetchException("refused to contact status list host " + url.host() + ": " + why
                + " (SSRF protection; see allowLoopback/allowPrivateNetworks)");
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

}
