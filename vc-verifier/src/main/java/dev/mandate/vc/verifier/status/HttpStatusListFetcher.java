package dev.mandate.vc.verifier.status;

import dev.mandate.did.web.AddressPolicy;
import dev.mandate.did.web.Host;
import dev.mandate.did.web.SafeHttp;
import okhttp3.CacheControl;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.Optional;

/**
 * Fetches status list credentials over HTTPS with OkHttp under {@link StatusFetchOptions}: timeouts, a
 * size cap enforced while reading, same-origin redirects only, no proxy, hosts parsed by
 * {@link Host} (non-canonical IP spellings refused), and the SSRF address policy applied to IP literals and to
 * the addresses a host name actually resolves to. A refused or unreachable host gives one message whatever the
 * cause. Thread-safe; share one.
 */
public final class HttpStatusListFetcher implements StatusListFetcher {
    private static final System.Logger LOG = System.getLogger(HttpStatusListFetcher.class.getName());
    private final StatusFetchOptions options;
    private final AddressPolicy policy;
    private final OkHttpClient client;

    /** A fetcher with the safe defaults. */
    public HttpStatusListFetcher() {
        this(StatusFetchOptions.defaults());
    }

    /**
     * A fetcher with the given options.
     *
     * @param options timeouts, size limit, the addresses and schemes allowed, TLS anchors
     */
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

    /** {@return the options in force} */
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
                return new FetchedList(body, cc.maxAgeSeconds(), cc.noStore() || cc.noCache(), "",
                        StatusStreamLink.find(response.headers("Link"), current.toString()).orElse(""));
            } catch (IOException e) {
                // refused address, DNS failure, connection refused, timeout, TLS failure, dropped connection: one answer
                throw unreachable(url, "fetching " + current + ": " + e);
            } catch (RuntimeException e) {
                throw new StatusFetchException("could not fetch status list " + shorten(url) + ": " + e);
            }
        }
    }

    /**
     * Parses {@code url} and applies the scheme and host rules before any connection: the host is parsed by
     * {@link Host} (a non-canonical spelling of an IP address is refused outright and never looked up), an IP literal
     * goes through the address policy here, a DNS name at lookup time.
     */
    static HttpUrl checkUrl(String url, StatusFetchOptions options, AddressPolicy policy) throws StatusFetchException {
        HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
        if (parsed == null) {
            throw new StatusFetchException(shorten(String.valueOf(url)) + " is not an http(s) URL");
        }
        Host host;
        try {
            host = Host.ofUrlHost(parsed.host());
        } catch (Host.InvalidHostException e) {
            throw unreachable(url, e.getMessage());
        }
        String written = writtenHost(url);
        if (!host.text().equals(written)) {
            // OkHttp percent-decodes hosts and re-encodes IPv6 literals: only a host written canonically is fetched
            throw unreachable(url, "host written as '" + written + "', not canonically as " + host.text());
        }
        if (parsed.scheme().equals("http") && !(options.allowHttpOnLoopback() && host.isLoopbackName())) {
            throw new StatusFetchException("refused to fetch " + shorten(url) + ": status lists are fetched over HTTPS only");
        }
        if (host.isIpLiteral()) {
            Optional<String> refusal = policy.refusal(host.address().orElseThrow());
            if (refusal.isPresent()) {
                throw unreachable(url, refusal.get() + " address " + host.text() + " refused");
            }
        }
        return parsed;
    }

    /** The host of {@code url} exactly as written (lowercased; IPv6 with its brackets), or "" if it cannot be found. */
    private static String writtenHost(String url) {
        String u = url.strip();
        int start = u.indexOf("://");
        if (start < 0) {
            return "";
        }
        start += 3;
        int end = start;
        while (end < u.length() && "/\\?#".indexOf(u.charAt(end)) < 0) {
            end++;
        }
        String authority = u.substring(start, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        int hostEnd = authority.startsWith("[") ? authority.indexOf(']') + 1 : authority.indexOf(':');
        return (hostEnd <= 0 ? authority : authority.substring(0, hostEnd)).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The one error for a status list whose host is refused or could not be reached, whatever the cause (the same
     * rule as did:web, {@link dev.mandate.did.web.DidWebResolver#unreachableMessage(String)}): the cause is logged at
     * DEBUG level only.
     */
    static StatusFetchException unreachable(String url, String cause) {
        LOG.log(System.Logger.Level.DEBUG, () -> "status list " + shorten(String.valueOf(url)) + ": " + cause);
        return new StatusFetchException("status list " + shorten(String.valueOf(url)) + " could not be fetched: " + SafeHttp.UNREACHABLE);
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

}
