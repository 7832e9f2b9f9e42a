package dev.mandate.did.web;

import dev.mandate.did.DidSyntaxException;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.InvalidDidDocumentException;
import dev.mandate.did.internal.BoundedCache;
import dev.mandate.did.resolve.DidResolver;
import dev.mandate.did.resolve.ErrorCode;
import dev.mandate.did.resolve.ResolutionResult;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.CacheControl;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Resolves did:web DIDs over HTTPS (OkHttp) with the protections of {@link DidWebOptions}: timeouts, a
 * size cap enforced while reading, same-origin redirects only, HTTPS only (plain HTTP only for loopback
 * when allowed), refusal of loopback/private/link-local addresses checked on the addresses the host name
 * actually resolves to, and a document whose {@code id} must equal the DID. Successful results are cached
 * (bounded LRU) for the response's Cache-Control max-age (default and upper bound from the options;
 * no-store and no-cache are honoured). Thread-safe; create one and share it.
 *
 * <p>The host is parsed by {@link Host} before any policy or DNS step: a non-canonical spelling of an IP address
 * ({@code 127.1}, {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f000001}) is refused outright, an IP literal
 * goes straight to the address policy, and only a DNS name is looked up.
 *
 * <p>Errors: {@code invalidDid} (malformed did:web), {@code notFound} (HTTP 404/410 and other 4xx),
 * {@code invalidDidDocument} (not JSON, too large, not a DID document, wrong id, redirect to another
 * origin), {@code internalError} (a dependency failure: HTTP 5xx, and — with one message,
 * {@link #unreachableMessage(String)}, whatever the cause — a host that is refused or not reachable: refused
 * address, non-canonical IP spelling, DNS failure, connection refused, timeout, TLS failure).
 */
public final class DidWebResolver implements DidResolver {
    private static final System.Logger LOG = System.getLogger(DidWebResolver.class.getName());
    private final DidWebOptions options;
    private final AddressPolicy policy;
    private final OkHttpClient client;
    private final BoundedCache<String, ResolutionResult> cache;

    /** A resolver with {@link DidWebOptions#defaults()}. */
    public DidWebResolver() {
        this(DidWebOptions.defaults());
    }

    /**
     * A resolver with the given options.
     *
     * @param options timeouts, size limit, address policy, TLS anchors and cache
     * @throws IllegalArgumentException if the trusted certificates cannot be turned into a trust store
     */
    public DidWebResolver(DidWebOptions options) {
        this.options = options;
        this.policy = new AddressPolicy(options.allowLoopback(), options.allowPrivateNetworks());
        this.cache = new BoundedCache<>(options.cacheSize(), System::nanoTime);
        this.client = SafeHttp.client(options.connectTimeout(), options.readTimeout(), options.callTimeout(),
                options.trustedCertificates(), options.hostResolver(), policy);
    }

    /** {@return the options in force} */
    public DidWebOptions options() { return options; }

    @Override public ResolutionResult resolve(String did) {
        DidWeb.Location loc;
        try {
            if (did == null || !did.startsWith("did:web:")) {
                return dev.mandate.did.Did.tryParse(did).isEmpty()
                        ? ResolutionResult.error(ErrorCode.INVALID_DID, did == null ? "DID is empty" : "not a DID: " + shorten(did))
                        : ResolutionResult.error(ErrorCode.METHOD_NOT_SUPPORTED, "not a did:web DID: " + shorten(did));
            }
            loc = DidWeb.parse(did, true);
        } catch (DidSyntaxException e) {
            return ResolutionResult.error(ErrorCode.INVALID_DID, e.getMessage());
        }
        Optional<ResolutionResult> hit = cache.get(did);
        if (hit.isPresent()) return hit.get();
        try {
            return fetch(did, loc);
        } catch (RuntimeException e) {
            return unreachable(did, e.toString());
        }
    }

    /**
     * {@return the one error message for a did:web DID whose host is refused (address policy, non-canonical IP
     * spelling) or could not be reached (DNS failure, connection refused, timeout, TLS failure, connection dropped):
     * the same text and error code ({@code internalError}) whatever the cause, so that a verifier open to the world
     * does not tell its callers which internal hosts and ports exist} The cause is logged at DEBUG level only.
     *
     * @param did the did:web DID
     */
    public static String unreachableMessage(String did) {
        return shorten(did) + " could not be resolved: " + UNREACHABLE;
    }

    /** The common part of every refused-or-unreachable message. */
    public static final String UNREACHABLE = SafeHttp.UNREACHABLE;

    private static ResolutionResult unreachable(String did, String cause) {
        LOG.log(System.Logger.Level.DEBUG, () -> "did:web resolution of " + shorten(did) + " failed: " + cause);
        return ResolutionResult.error(ErrorCode.INTERNAL_ERROR, unreachableMessage(did));
    }

    private ResolutionResult fetch(String did, DidWeb.Location loc) {
        Host host;
        try {
            host = Host.parse(loc.host());
        } catch (Host.InvalidHostException e) {
            return unreachable(did, e.getMessage()); // a non-canonical spelling of an address: never looked up
        }
        if (host.isIpLiteral()) {
            Optional<String> refusal = policy.refusal(host.address().orElseThrow());
            if (refusal.isPresent()) return unreachable(did, refusal.get() + " address " + host.text() + " refused");
        }
        String scheme = options.allowHttpOnLoopback() && host.isLoopbackName() ? "http" : "https";
        URI uri = DidWeb.toUrl(loc, scheme);
        HttpUrl url = HttpUrl.get(uri.toString());
        for (int redirects = 0; ; redirects++) {
            Request request = new Request.Builder().url(url)
                    .header("Accept", "application/did+json, application/did+ld+json, application/json;q=0.9, */*;q=0.1")
                    .header("User-Agent", "mandate-did-web-resolver")
                    .build();
            Call call = client.newCall(request);
            try (Response response = call.execute()) {
                int code = response.code();
                if (code >= 300 && code < 400 && response.header("Location") != null) {
                    HttpUrl next = url.resolve(response.header("Location"));
                    if (next == null || !next.scheme().equals(url.scheme()) || !next.host().equals(url.host()) || next.port() != url.port()) {
                        return ResolutionResult.error(ErrorCode.INVALID_DID_DOCUMENT, "did:web host " + url.host() + " redirected "
                                + url + " to " + shorten(String.valueOf(response.header("Location"))) + "; redirects to another origin are refused");
                    }
                    if (redirects >= options.maxRedirects()) {
                        return ResolutionResult.error(ErrorCode.INVALID_DID_DOCUMENT, "did:web host " + url.host() + " redirected more than "
                                + options.maxRedirects() + " times");
                    }
                    url = next;
                    continue;
                }
                if (code == 404 || code == 410) {
                    return ResolutionResult.error(ErrorCode.NOT_FOUND, "no DID document at " + url + " (HTTP " + code + ")");
                }
                if (code >= 500) {
                    return ResolutionResult.error(ErrorCode.INTERNAL_ERROR, "did:web host " + url.host() + " failed with HTTP " + code + " for " + url);
                }
                if (code != 200) {
                    return ResolutionResult.error(ErrorCode.NOT_FOUND, "no DID document at " + url + " (HTTP " + code + ")");
                }
                byte[] body = SafeHttp.readCapped(response.body(), options.maxDocumentBytes()).orElse(null);
                if (body == null) {
                    return ResolutionResult.error(ErrorCode.INVALID_DID_DOCUMENT, "DID document at " + url + " is larger than the limit of "
                            + options.maxDocumentBytes() + " bytes");
                }
                DidDocument doc;
                try {
                    doc = DidDocument.parse(body);
                } catch (InvalidDidDocumentException e) {
                    return ResolutionResult.error(ErrorCode.INVALID_DID_DOCUMENT, "document at " + url + ": " + e.getMessage());
                }
                if (!doc.id().equals(did)) {
                    return ResolutionResult.error(ErrorCode.INVALID_DID_DOCUMENT, "document at " + url + " has id " + shorten(doc.id())
                            + ", which is not the DID " + did);
                }
                ResolutionResult result = ResolutionResult.success(doc);
                long ttl = ttlNanos(response.cacheControl());
                cache.put(did, result, ttl);
                return result;
            } catch (IOException e) {
                // refused address, DNS failure, connection refused, timeout, TLS failure, dropped connection: one answer
                return unreachable(did, "fetching " + url + ": " + e);
            }
        }
    }

    private long ttlNanos(CacheControl cc) {
        if (cc.noStore() || cc.noCache()) return 0;
        long ttl = cc.maxAgeSeconds() >= 0 ? TimeUnit.SECONDS.toNanos(cc.maxAgeSeconds()) : options.defaultCacheTtl().toNanos();
        return Math.min(ttl, options.maxCacheTtl().toNanos());
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
