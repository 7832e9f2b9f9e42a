package dev.mandate.did.web;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Safety and caching options of {@link DidWebResolver}. The defaults are safe for resolving DIDs from
 * untrusted input: HTTPS only, public addresses only, 5 s connect / 5 s read / 10 s overall timeouts,
 * documents up to 1 MiB, redirects followed only within the same origin (at most 3), system CAs.
 * Whatever the options, the host must be a DNS name or a canonically written IP address ({@link Host}): other
 * spellings of an address ({@code 127.1}, {@code 0x7f000001}) are refused before any lookup or connection.
 */
public final class DidWebOptions {
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration callTimeout;
    private final int maxDocumentBytes;
    private final boolean allowLoopback;
    private final boolean allowPrivateNetworks;
    private final boolean allowHttpOnLoopback;
    private final List<X509Certificate> trustedCertificates;
    private final HostResolver hostResolver;
    private final int cacheSize;
    private final Duration defaultCacheTtl;
    private final Duration maxCacheTtl;
    private final int maxRedirects;

    private DidWebOptions(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.callTimeout = b.callTimeout;
        this.maxDocumentBytes = b.maxDocumentBytes;
        this.allowLoopback = b.allowLoopback;
        this.allowPrivateNetworks = b.allowPrivateNetworks;
        this.allowHttpOnLoopback = b.allowHttpOnLoopback;
        this.trustedCertificates = List.copyOf(b.trustedCertificates);
        this.hostResolver = b.hostResolver;
        this.cacheSize = b.cacheSize;
        this.defaultCacheTtl = b.defaultCacheTtl;
        this.maxCacheTtl = b.maxCacheTtl;
        this.maxRedirects = b.maxRedirects;
    }

    /** {@return the safe defaults} */
    public static DidWebOptions defaults() { return builder().build(); }

    /** {@return a builder starting from the defaults} */
    public static Builder builder() { return new Builder(); }

    /** {@return time allowed to open the TCP connection} */
    public Duration connectTimeout() { return connectTimeout; }
    /** {@return time allowed between bytes read} */
    public Duration readTimeout() { return readTimeout; }
    /** {@return time allowed for the whole exchange, redirects included} */
    public Duration callTimeout() { return callTimeout; }
    /** {@return largest document accepted, in bytes (enforced while reading)} */
    public int maxDocumentBytes() { return maxDocumentBytes; }
    /** {@return whether hosts resolving to loopback addresses (127.0.0.0/8, ::1) may be contacted} */
    public boolean allowLoopback() { return allowLoopback; }
    /** {@return whether hosts resolving to private, link-local or unique-local addresses may be contacted} */
    public boolean allowPrivateNetworks() { return allowPrivateNetworks; }
    /**
     * {@return whether plain http:// is used for {@code localhost} and loopback IP hosts (for local development
     * only)}
     */
    public boolean allowHttpOnLoopback() { return allowHttpOnLoopback; }
    /** {@return certificates trusted as TLS anchors instead of the system CAs; empty means the system CAs} */
    public List<X509Certificate> trustedCertificates() { return trustedCertificates; }
    /** {@return how host names are looked up} */
    public HostResolver hostResolver() { return hostResolver; }
    /** {@return maximum number of cached documents (0 disables caching)} */
    public int cacheSize() { return cacheSize; }
    /** {@return how long a document without Cache-Control max-age is cached} */
    public Duration defaultCacheTtl() { return defaultCacheTtl; }
    /** {@return upper bound on how long any document is cached, whatever max-age says} */
    public Duration maxCacheTtl() { return maxCacheTtl; }
    /** {@return maximum number of same-origin redirects followed} */
    public int maxRedirects() { return maxRedirects; }

    /** Builds {@link DidWebOptions}. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(5);
        private Duration callTimeout = Duration.ofSeconds(10);
        private int maxDocumentBytes = 1 << 20;
        private boolean allowLoopback;
        private boolean allowPrivateNetworks;
        private boolean allowHttpOnLoopback;
        private final List<X509Certificate> trustedCertificates = new ArrayList<>();
        private HostResolver hostResolver = HostResolver.SYSTEM;
        private int cacheSize = 1000;
        private Duration defaultCacheTtl = Duration.ofMinutes(5);
        private Duration maxCacheTtl = Duration.ofHours(1);
        private int maxRedirects = 3;

        private Builder() {}

        /**
         * Sets the connect timeout (positive).
         *
         * @param d the timeout, positive
         * @return this builder
         */
        public Builder connectTimeout(Duration d) { this.connectTimeout = positive(d); return this; }
        /**
         * Sets the read timeout (positive).
         *
         * @param d the timeout, positive
         * @return this builder
         */
        public Builder readTimeout(Duration d) { this.readTimeout = positive(d); return this; }
        /**
         * Sets the overall call timeout (positive).
         *
         * @param d the timeout, positive
         * @return this builder
         */
        public Builder callTimeout(Duration d) { this.callTimeout = positive(d); return this; }
        /**
         * Sets the document size limit in bytes (1 .. 16 MiB).
         *
         * @param bytes the limit, 1 .. 16 MiB; a longer document fails resolution
         * @return this builder
         */
        public Builder maxDocumentBytes(int bytes) {
            if (bytes < 1 || bytes > 16 << 20) throw new IllegalArgumentException("maxDocumentBytes must be 1 .. 16 MiB");
            this.maxDocumentBytes = bytes;
            return this;
        }
        /**
         * Allows hosts that resolve to loopback addresses.
         *
         * @param allow true to allow (default false, as SSRF protection)
         * @return this builder
         */
        public Builder allowLoopback(boolean allow) { this.allowLoopback = allow; return this; }
        /**
         * Allows hosts that resolve to private, link-local or unique-local addresses.
         *
         * @param allow true to allow (default false)
         * @return this builder
         */
        public Builder allowPrivateNetworks(boolean allow) { this.allowPrivateNetworks = allow; return this; }
        /**
         * Uses plain http:// for localhost and loopback IP hosts (implies nothing about other hosts, which stay HTTPS).
         *
         * @param allow true to use http:// for those hosts
         * @return this builder
         */
        public Builder allowHttpOnLoopback(boolean allow) { this.allowHttpOnLoopback = allow; return this; }
        /**
         * Trusts these certificates as TLS anchors instead of the system CAs.
         *
         * @param certs the anchors; empty means the system CAs
         * @return this builder
         */
        public Builder trustedCertificates(Collection<X509Certificate> certs) {
            trustedCertificates.clear();
            trustedCertificates.addAll(certs);
            return this;
        }
        /**
         * Uses this host lookup instead of the system DNS.
         *
         * @param resolver the lookup; the address policy applies to what it returns
         * @return this builder
         */
        public Builder hostResolver(HostResolver resolver) { this.hostResolver = Objects.requireNonNull(resolver); return this; }
        /**
         * Sets the cache size (0 disables caching).
         *
         * @param entries the number of documents cached, 0 or more
         * @return this builder
         */
        public Builder cacheSize(int entries) {
            if (entries < 0) throw new IllegalArgumentException("cacheSize must not be negative");
            this.cacheSize = entries;
            return this;
        }
        /**
         * Sets how long documents without max-age are cached (zero: not cached).
         *
         * @param d the cache time, zero or more
         * @return this builder
         */
        public Builder defaultCacheTtl(Duration d) { this.defaultCacheTtl = nonNegative(d); return this; }
        /**
         * Sets the upper bound on caching.
         *
         * @param d the longest any document is cached, whatever its max-age; zero or more
         * @return this builder
         */
        public Builder maxCacheTtl(Duration d) { this.maxCacheTtl = nonNegative(d); return this; }
        /**
         * Sets how many same-origin redirects are followed (0: none).
         *
         * @param n the number of redirects
         * @return this builder
         */
        public Builder maxRedirects(int n) {
            if (n < 0 || n > 10) throw new IllegalArgumentException("maxRedirects must be 0 .. 10");
            this.maxRedirects = n;
            return this;
        }
        /** {@return the options} */
        public DidWebOptions build() { return new DidWebOptions(this); }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException("timeout must be positive");
            return d;
        }

        private static Duration nonNegative(Duration d) {
            if (d == null || d.isNegative()) throw new IllegalArgumentException("duration must not be negative");
            return d;
        }
    }
}
