package dev.mandate.state.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Redis the tests use: {@code MANDATE_TEST_REDIS_URL} (default {@code redis://127.0.0.1:6379/0}). Each test
 * writes under its own random key prefix and deletes its keys afterwards, so parallel runs do not clash and the
 * shared Redis is never flushed or stopped. Without a Redis the tests are skipped, unless
 * {@code MANDATE_REQUIRE_REDIS=1} (set by {@code .ci/run}), in which case they fail.
 */
public final class RedisTestSupport {
    private RedisTestSupport() {}

    /** The Redis URL for tests. */
    public static String url() {
        String u = System.getenv("MANDATE_TEST_REDIS_URL");
        return u == null || u.isBlank() ? "redis://127.0.0.1:6379/0" : u;
    }

    /** Skips (or, with MANDATE_REQUIRE_REDIS=1, fails) the calling test when Redis does not answer. */
    public static void assumeAvailable() {
        String problem;
        try (RedisSharedState s = RedisSharedState.open(RedisSettings.of(url()).withTimeout(Duration.ofSeconds(2)))) {
            RedisSharedState.Health h = s.health();
            problem = h.up() ? null : h.detail();
        }
        if (problem != null) {
            if ("1".equals(System.getenv("MANDATE_REQUIRE_REDIS"))) {
                fail("Redis is unreachable (MANDATE_REQUIRE_REDIS=1): " + problem);
            }
            Assumptions.abort("Redis is unreachable: " + problem);
        }
    }

    /** A fresh key prefix, {@code mandate-test:<name>:<random>:}. */
    public static String uniquePrefix(String name) {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        return "mandate-test:" + name + ":" + HexFormat.of().formatHex(b) + ":";
    }

    /** Settings for the test Redis with {@code prefix} and a 2 s timeout (CI machines are busy). */
    public static RedisSettings settings(String prefix) {
        return RedisSettings.of(url()).withKeyPrefix(prefix).withTimeout(Duration.ofSeconds(2));
    }

    /** Deletes every key under {@code prefix}. */
    public static void deleteKeys(String prefix) {
        RedisClient client = RedisClient.create(url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = c.sync().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    c.sync().del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** A loopback port nothing listens on (bound, then released). */
    public static int deadPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
