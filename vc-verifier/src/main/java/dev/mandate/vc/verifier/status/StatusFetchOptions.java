package dev.mandate.vc.verifier.status;

import dev.mandate.did.web.HostResolver;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Safety options of {@link HttpStatusListFetcher}, in the style of did:web's options. The defaults are
 * safe for URLs taken from untrusted credentials: HTTPS only, public addresses only, 3 s connect / 3 s
 * read / 5 s overall timeouts, lists up to 1 MiB on the wire, same-origin redirects only (at most 3),
 * system CAs.
 */
public final class StatusFetchOptions {
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration callTimeout;
    private final int maxBytes;
    private final boolean allowLoopback;
    private final boolean allowPrivateNetworks;
    private final boolean allowHttpOnLoopback;
    private final List<X509Certificate> trustedCertificates;
    private final HostResolver hostResolver;
    private final int maxRedirects;

    private StatusFetchOptions(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.callTimeout = b.callTimeout;
        this.maxBytes = b.maxBytes;
        this.allowLoopback = b.allowLoopback;
        this.allowPrivateNetworks = b.allowPrivateNetworks;
        this.allowHttpOnLoopback = b.allowHttpOnLoopback;
        this.trustedCertificates = List.copyOf(b.trustedCertificates);
        this.hostResolver = b.hostResolver;
        this.maxRedirects = b.maxRedirects;
    }

    /** {@return the safe defaults} */
    public static StatusFetchOptions defaults() { return builder().build(); }

    /** {@return a builder starting from the defaults} */
    public static Builder builder() { return new Builder(); }

    /** {@return time allowed to open the TCP connection} */
    public Duration connectTimeout() { return connectTimeout; }
    /** {@return time allowed between bytes read} */
    public Duration readTimeout() { return readTimeout; }
    /** {@return time allowed for the whole exchange, redirects included} */
    public Duration callTimeout() { return callTimeout; }
    /** {@return largest response body accepted, in bytes (enforced while reading)} */
    public int maxBytes() { return maxBytes; }
    /** {@return whether hosts resolving to loopback addresses may be contacted} */
    public boolean allowLoopback() { return allowLoopback; }
    /** {@return whether hosts resolving to private, link-local or unique-local addresses may be contacted} */
    public boolean allowPrivateNetworks() { return allowPrivateNetworks; }
    /** {@return whether plain http:// URLs are fetched for {@code localhost} and loopback IPs (development only)} */
    public boolean allowHttpOnLoopback() { return allowHttpOnLoopback; }
    /** {@return TLS anchors used instead of the system CAs; empty means the system CAs} */
    public List<X509Certificate> trustedCertificates() { return trustedCertificates; }
    /** {@return how host names are looked up} */
    public HostResolver hostResolver() { return hostResolver; }
    /** {@return maximum number of same-origin redirects followed} */
    public int maxRedirects() { return maxRedirects; }

    /** Builds {@link StatusFetchOptions}. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration readTimeout = Duration.ofSeconds(3);
        private Duration callTimeout = Duration.ofSeconds(5);
        private int maxBytes = 1 << 20;
        private boolean allowLoopback;
        private boolean allowPrivateNetworks;
        private boolean allowHttpOnLoopback;
        private final List<X509Certificate> trustedCertificates = new ArrayList<>();
        private HostResolver hostResolver = HostResolver.SYSTEM;
        private int maxRedirects = 3;

        private Builder() {}

        /**
         * Sets the connect timeout.
         *
         * @param d the timeout, positive
         * @return this builder
         */
        public Builder connectTimeout(Duration d) { this.connectTimeout = positive(d); return this; }
        /**
         * Sets the read timeout (between two reads of the body).
         *
         * @param d the timeout, positive
         * @return this builder
         */
        public Builder readTimeout(Duration d) { this.readTimeout = positive(d); return this; }
        /**
         * Sets the overall call timeout (connect, redirects and body together).
         *
         * @param d the timeout, positive
         * @return this builder
         */
        public Builder callTimeout(Duration d) { this.callTimeout = positive(d); return this; }
        /**
         * Sets the body size limit; a longer body fails the fetch.
         *
         * @param bytes the limit in bytes, 1 .. 16 MiB
         * @return this builder
         * @throws IllegalArgumentException outside that range
         */
        public Builder maxBytes(int bytes) {
            if (bytes < 1 || bytes > 16 << 20) {
                throw new IllegalArgumentException("maxBytes must be 1 .. 16 MiB");
            }
            this.maxBytes = bytes;
            return this;
        }
        /**
         * Allows hosts that resolve to loopback addresses (default: refused, as SSRF protection).
         *
         * @param allow true to allow
         * @return this builder
         */
        public Builder allowLoopback(boolean allow) { this.allowLoopback = allow; return this; }
        /**
         * Allows hosts that resolve to private, link-local and other non-public addresses (default: refused).
         *
         * @param allow true to allow
         * @return this builder
         */
        public Builder allowPrivateNetworks(boolean allow) { this.allowPrivateNetworks = allow; return this; }
        /**
         * Fetches plain http:// URLs of localhost and loopback IPs (implies allowLoopback for them); other
         * http:// URLs stay refused.
         *
         * @param allow true to allow
         * @return this builder
         */
        public Builder allowHttpOnLoopback(boolean allow) { this.allowHttpOnLoopback = allow; return this; }
        /**
         * Trusts these certificates as TLS anchors instead of the system CAs; replaces any set before.
         *
         * @param certs the anchors; empty restores the system CAs
         * @return this builder
         */
        public Builder trustedCertificates(Collection<X509Certificate> certs) {
            trustedCertificates.clear();
            trustedCertificates.addAll(certs);
            return this;
        }
        /**
         * Uses this host lookup instead of the system DNS (the address policy applies to what it returns).
         *
         * @param r the resolver; not null
         * @return this builder
         */
        public Builder hostResolver(HostResolver r) { this.hostResolver = Objects.requireNonNull(r); return this; }
        /**
         * Sets how many same-origin redirects are followed; a redirect to another origin always fails.
         *
         * @param n redirects, 0 .. 10
         * @return this builder
         * @throws IllegalArgumentException outside that range
         */
        public Builder maxRedirects(int n) {
            if (n < 0 || n > 10) {
                throw new IllegalArgumentException("maxRedirects must be 0 .. 10");
            }
            this.maxRedirects = n;
            return this;
        }
        /** {@return builds the options} */
        public StatusFetchOptions build() { return new StatusFetchOptions(this); }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            return d;
        }
    }
}
