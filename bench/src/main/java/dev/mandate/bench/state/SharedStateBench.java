package dev.mandate.bench.state;

import dev.mandate.agent.authz.RateLimiter;
import dev.mandate.agent.request.ReplayCache;
import dev.mandate.agent.state.ChallengeStore;
import dev.mandate.state.redis.RedisSettings;
import dev.mandate.state.redis.RedisSharedState;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What sharing the replay cache, rate windows and challenges through Redis costs per operation, against the
 * in-process stores: an {@code /authorize} does one replay check, plus one rate check under
 * {@code ratePerMinute}; a presentation with a server challenge does one issue and one consume. Redis comes
 * from {@code MANDATE_TEST_REDIS_URL} (default {@code redis://127.0.0.1:6379/0}); keys go under a random
 * {@code mandate-bench:...:} prefix and are deleted afterwards.
 *
 * <pre>java -cp ... org.openjdk.jmh.Main SharedStateBench [-t 8]</pre>
 *
 * The rate benchmark cycles over 1,000 keys with a limit of 10 per minute (to bound what it leaves in Redis),
 * so after the first 10,000 operations it measures refusals: the same script (trim and count) without the add.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SharedStateBench {
    @Param({"memory", "redis"})
    public String store;

    private String url;
    private String prefix;
    private RedisSharedState redis;
    private ReplayCache replay;
    private RateLimiter rate;
    private ChallengeStore challenges;
    private final AtomicLong counter = new AtomicLong();

    @Setup(Level.Trial)
    public void open() {
        url = System.getenv().getOrDefault("MANDATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0");
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        prefix = "mandate-bench:" + HexFormat.of().formatHex(b) + ":";
        if (store.equals("redis")) {
            redis = RedisSharedState.open(RedisSettings.of(url).withKeyPrefix(prefix).withTimeout(Duration.ofSeconds(2)));
            if (!redis.healthy()) {
                throw new IllegalStateException(redis.health().detail());
            }
            replay = redis.replayCache();
            rate = redis.rateLimiter();
            challenges = redis.challengeStore(Duration.ofMinutes(5), 10_000_000, Clock.systemUTC());
        } else {
            replay = ReplayCache.inMemory(10_000_000);
            rate = RateLimiter.inMemory(100_000);
            challenges = ChallengeStore.inMemory(Duration.ofMinutes(5), 10_000_000, Clock.systemUTC());
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        if (redis != null) {
            redis.close();
            RedisClient client = RedisClient.create(url);
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                ScanCursor cursor = ScanCursor.INITIAL;
                do {
                    KeyScanCursor<String> page = c.sync().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
                    if (!page.getKeys().isEmpty()) {
                        c.sync().unlink(page.getKeys().toArray(String[]::new));
                    }
                    cursor = page;
                } while (!cursor.isFinished());
            } finally {
                client.shutdown();
            }
        }
    }

    /** One replay check of a fresh nonce (what every allowed {@code /authorize} does). */
    @Benchmark
    public ReplayCache.Outcome replayCheck() {
        long n = counter.incrementAndGet();
        long now = System.currentTimeMillis() / 1000;
        return replay.checkAndRecord("did:key:z6MkBench nonce-" + n, now + 35, now);
    }

    /** One rate check (what {@code /authorize} adds under {@code ratePerMinute}). */
    @Benchmark
    public boolean rateCheck() {
        long n = counter.incrementAndGet();
        return rate.tryAcquire("did:key:z6MkBench urn:uuid:cred read https://api.example/ " + (n % 1000), 10, System.currentTimeMillis());
    }

    /** Issue a challenge and consume it (one presentation with a server challenge). */
    @Benchmark
    public boolean challengeIssueAndConsume() {
        return challenges.consume(challenges.issue().orElseThrow());
    }
}
