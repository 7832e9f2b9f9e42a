package dev.mandate.state.redis;

import io.lettuce.core.RedisURI;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the shared state lives and how long to wait for it.
 *
 * @param url       {@code redis://[[user]:password@]host[:port][/database]} or {@code rediss://...} (TLS)
 * @param keyPrefix prefix of every key written (1 to 64 characters of {@code A-Z a-z 0-9 : . _ -}); instances
 *                  that share state use the same prefix, unrelated deployments on one Redis use different ones
 * @param timeout   bound on connecting and on every command; past it the operation fails closed
 */
public record RedisSettings(String url, String keyPrefix, Duration timeout) {
    /** The key prefix used unless another is configured. */
    public static final String DEFAULT_PREFIX = "mandate:";
    /** The command and connect timeout used unless another is configured. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    private static final int MAX_URL = 2048;
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9:._-]{1,64}");
    private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)?[^@/]*@");

    /**
     * Validates.
     *
     * @param url       a {@code redis://} or {@code rediss://} URI, at most 2048 characters
     * @param keyPrefix 1 to 64 characters of {@code A-Z a-z 0-9 : . _ -}
     * @param timeout   more than 0, at most 60 seconds
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException with a one-line message (never containing the password) when a part is unusable
     */
    public RedisSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(timeout, "timeout");
        parse(url);
        if (!PREFIX.matcher(keyPrefix).matches()) {
            throw new IllegalArgumentException("the Redis key prefix '" + clip(keyPrefix)
                    + "' must be 1 to 64 characters of A-Z a-z 0-9 : . _ - (for example \"mandate:\")");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("the Redis timeout must be more than 0 and at most 60 seconds, not " + timeout.toMillis() + " ms");
        }
    }

    /**
     * Settings with the default prefix ({@value #DEFAULT_PREFIX}) and timeout (500 ms).
     *
     * @param url the Redis URI
     * @return the settings
     * @throws IllegalArgumentException if the URI is unusable (the message never contains the password)
     */
    public static RedisSettings of(String url) {
        return new RedisSettings(url, DEFAULT_PREFIX, DEFAULT_TIMEOUT);
    }

    /**
     * The same settings with another key prefix.
     *
     * @param prefix 1 to 64 characters of {@code A-Z a-z 0-9 : . _ -}
     * @return new settings
     * @throws IllegalArgumentException if the prefix is malformed
     */
    public RedisSettings withKeyPrefix(String prefix) {
        return new RedisSettings(url, prefix, timeout);
    }

    /**
     * The same settings with another timeout.
     *
     * @param t more than 0, at most 60 seconds
     * @return new settings
     * @throws IllegalArgumentException if out of range
     */
    public RedisSettings withTimeout(Duration t) {
        return new RedisSettings(url, keyPrefix, t);
    }

    /** {@return the URL with any {@code user:password@} replaced by {@code ***@}: the form to log or show} */
    public String redactedUrl() {
        return redact(url);
    }

    @Override
    public String toString() {
        return "RedisSettings[url=" + redactedUrl() + ", keyPrefix=" + keyPrefix + ", timeout=" + timeout.toMillis() + "ms]";
    }

    /**
     * {@code url} with any user information ({@code user:password@}) replaced by {@code ***@}, whatever its scheme
     * (a mistyped {@code http://user:pw@host} is redacted too) and also without one.
     *
     * @param url any URL-like text
     * @return the text with its user information redacted, or unchanged when it has none
     */
    public static String redact(String url) {
        java.util.regex.Matcher m = USERINFO.matcher(url);
        return m.find() ? (m.group(1) == null ? "" : m.group(1)) + "***@" + url.substring(m.end()) : url;
    }

    /** The user information of the URL ({@code user:password} or {@code password}), "" if none: to scrub from messages. */
    String secret() {
        int start = url.indexOf("://") + 3;
        int at = url.indexOf('@', start);
        int slash = url.indexOf('/', start);
        if (at < 0 || (slash >= 0 && slash < at)) {
            return "";
        }
        String userinfo = url.substring(start, at);
        int colon = userinfo.indexOf(':');
        String pw = colon >= 0 ? userinfo.substring(colon + 1) : userinfo;
        return pw.length() >= 3 ? pw : ""; // too short to scrub without mangling the rest of a message
    }

    /** The Lettuce URI with this timeout. */
    RedisURI toUri() {
        RedisURI u = parse(url);
        u.setTimeout(timeout);
        return u;
    }

    private static RedisURI parse(String url) {
        String hint = "expected redis://[[user]:password@]host[:port][/database] or rediss://... (TLS), "
                + "for example redis://127.0.0.1:6379/0";
        if (url.isEmpty() || url.length() > MAX_URL) {
            throw new IllegalArgumentException("the Redis URL is empty or longer than " + MAX_URL + " characters; " + hint);
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("redis://") && !lower.startsWith("rediss://")) {
            throw new IllegalArgumentException("'" + clip(redact(url)) + "' is not a Redis URL; " + hint);
        }
        RedisURI u;
        try {
            u = RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + clip(redact(url)) + "' is not a usable Redis URL; " + hint);
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + clip(redact(url)) + "' names no host; " + hint);
        }
        if (u.getPort() < 1 || u.getPort() > 65535) {
            throw new IllegalArgumentException("'" + clip(redact(url)) + "' has port " + u.getPort() + ", outside 1..65535; " + hint);
        }
        if (u.getDatabase() < 0 || u.getDatabase() > 15) {
            throw new IllegalArgumentException("'" + clip(redact(url)) + "' names database " + u.getDatabase() + "; use 0 to 15");
        }
        return u;
    }

    private static String clip(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
