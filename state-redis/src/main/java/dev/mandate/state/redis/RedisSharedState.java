package dev.mandate.state.redis;

import dev.mandate.agent.authz.RateLimiter;
import dev.mandate.agent.request.ReplayCache;
import dev.mandate.agent.state.ChallengeStore;
import dev.mandate.agent.state.SharedStateUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The replay cache, rate limiter and challenge store of several Mandate instances, shared through one Redis
 * (Lettuce client, one multiplexed connection). Every operation is atomic in Redis ({@code SET NX}, Lua
 * scripts) and bounded by {@link RedisSettings#timeout()}; when Redis cannot be reached or does not answer in
 * time an operation throws {@link SharedStateUnavailableException} (callers fail closed) and the next one tries
 * again. A failed connection attempt is not retried for one second, so an outage costs requests at most one
 * timeout each instead of queueing them behind reconnects.
 *
 * <p>Keys (all under the configured prefix): {@code replay:<sha-256 of the nonce key>} (a string that expires
 * with the proof), {@code rate:<sha-256 of the limit key>} (a sorted set of request times), and
 * {@code challenges} (a sorted set of challenges by expiry). Instances must have synchronized clocks (NTP):
 * request times and challenge expiry come from the instance's clock.
 *
 * <p>Thread-safe. Close it after the server that uses it.
 */
public final class RedisSharedState implements AutoCloseable {
    private static final long RETRY_CONNECT_MILLIS = 1_000;

    private final RedisSettings settings;
    private final RedisClient client;
    private final Object connectLock = new Object();
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile long nextConnectAttempt;
    private volatile String lastFailure = "";
    private volatile boolean closed;

    private RedisSharedState(RedisSettings settings) {
        this.settings = settings;
        RedisURI uri = settings.toUri();
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .build());
    }

    /**
     * Shared state on the Redis of {@code settings}. Tries to connect once; if Redis is unreachable now, the
     * state is still returned (every operation fails closed until Redis answers), so an instance can start
     * before its Redis and report itself not ready ({@link #health()}).
     *
     * @param settings where Redis is, the key prefix and the timeout; not null
     * @return the shared state; close it to release the connection
     */
    public static RedisSharedState open(RedisSettings settings) {
        RedisSharedState s = new RedisSharedState(Objects.requireNonNull(settings, "settings"));
        try {
            s.commands();
        } catch (SharedStateUnavailableException e) {
            // reported by health() and by every operation until Redis answers
        }
        return s;
    }

    /** {@return the settings (use {@link RedisSettings#redactedUrl()} to show where it points)} */
    public RedisSettings settings() {
        return settings;
    }

    /**
     * {@return the shared replay cache: {@code SET NX} with the proof's remaining lifetime; it throws
     * {@code SharedStateUnavailableException} when Redis does not answer in time}
     */
    public ReplayCache replayCache() {
        return new RedisReplayCache(this);
    }

    /**
     * {@return the shared sliding-window rate limiter (one Lua script per request); it throws
     * {@code SharedStateUnavailableException} when Redis does not answer in time}
     */
    public RateLimiter rateLimiter() {
        return new RedisRateLimiter(this);
    }

    /**
     * The shared challenge store: issued anywhere, consumed once anywhere.
     *
     * @param ttl            how long a challenge stays valid
     * @param maxOutstanding most unused unexpired challenges held under this key prefix
     * @param clock          times the lifetimes
     * @return the store; it throws {@code SharedStateUnavailableException} when Redis does not answer in time
     */
    public ChallengeStore challengeStore(Duration ttl, int maxOutstanding, Clock clock) {
        return new RedisChallengeStore(this, ttl, maxOutstanding, clock);
    }

    /** {@return whether Redis answered a {@code PING} within the timeout (for readiness probes)} */
    public boolean healthy() {
        return health().up();
    }

    /**
     * A {@code PING} within the timeout: up, or down with a one-line reason (no password), for
     * {@code /health/ready}.
     *
     * @return the health; never throws when Redis is down
     */
    public Health health() {
        try {
            String pong = call(RedisCommands::ping);
            return "PONG".equals(pong) ? new Health(true, "redis " + settings.redactedUrl() + " answered PING")
                    : new Health(false, "redis " + settings.redactedUrl() + " answered PING with " + pong);
        } catch (SharedStateUnavailableException e) {
            return new Health(false, e.getMessage());
        }
    }

    /**
     * The result of {@link #health()}.
     *
     * @param up     whether Redis answered in time
     * @param detail one line for a readiness response or a log
     */
    public record Health(boolean up, String detail) {
        /**
         * Checks that the detail is present.
         *
         * @param up     whether Redis answered
         * @param detail one line
         * @throws NullPointerException if {@code detail} is null
         */
        public Health {
            Objects.requireNonNull(detail, "detail");
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (connectLock) {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------------------------------------

    /** The full key for {@code suffix}. */
    String key(String suffix) {
        return settings.keyPrefix() + suffix;
    }

    /** Runs {@code op} on the connection; any failure of Redis becomes a {@link SharedStateUnavailableException}. */
    <T> T call(Function<RedisCommands<String, String>, T> op) {
        RedisCommands<String, String> c = commands();
        try {
            return op.apply(c);
        } catch (RuntimeException e) {
            throw unavailable("did not answer", e);
        }
    }

    /** Runs {@code script} (by its SHA-1, loading it when Redis does not know it) and returns its integer result. */
    long eval(LuaScript script, String[] keys, String... args) {
        return call(c -> {
            Long r;
            try {
                r = c.evalsha(script.sha1(), ScriptOutputType.INTEGER, keys, args);
            } catch (RedisNoScriptException e) {
                r = c.eval(script.source().getBytes(StandardCharsets.UTF_8), ScriptOutputType.INTEGER, keys, args);
            }
            return r == null ? 0L : r;
        });
    }

    private RedisCommands<String, String> commands() {
        if (closed) {
            throw new SharedStateUnavailableException("the shared state on redis " + settings.redactedUrl() + " is closed", null);
        }
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            return c.sync();
        }
        synchronized (connectLock) {
            if (connection != null) {
                return connection.sync();
            }
            long now = System.currentTimeMillis();
            if (now < nextConnectAttempt) {
                throw new SharedStateUnavailableException("redis " + settings.redactedUrl() + " is unreachable: " + lastFailure, null);
            }
            try {
                connection = client.connect();
                lastFailure = "";
                return connection.sync();
            } catch (RuntimeException e) {
                nextConnectAttempt = now + RETRY_CONNECT_MILLIS;
                lastFailure = describe(e);
                throw new SharedStateUnavailableException("redis " + settings.redactedUrl() + " is unreachable: " + lastFailure, e);
            }
        }
    }

    private SharedStateUnavailableException unavailable(String what, RuntimeException e) {
        return new SharedStateUnavailableException("redis " + settings.redactedUrl() + " " + what + ": " + describe(e), e);
    }

    /** One line from the cause chain, without any password of the URL. */
    private String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 300; t = t.getCause() == t ? null : t.getCause()) {
            if (sb.length() > 0) sb.append(": ");
            String m = t.getMessage();
            sb.append(m == null || m.isBlank() ? t.getClass().getSimpleName() : m);
        }
        String s = sb.toString().replace('\n', ' ').replace('\r', ' ');
        String pw = settings.secret();
        if (!pw.isEmpty()) {
            s = s.replace(pw, "***");
        }
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
