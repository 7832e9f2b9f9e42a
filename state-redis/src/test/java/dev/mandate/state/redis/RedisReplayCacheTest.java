package dev.mandate.state.redis;

import dev.mandate.agent.request.ReplayCache;
import dev.mandate.agent.request.ReplayCache.Outcome;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisReplayCacheTest extends TwoInstances {

    @Override
    String name() {
        return "replay";
    }

    @Test
    void aNonceIsFreshOnceAcrossInstances() {
        long now = System.currentTimeMillis() / 1000;
        assertEquals(Outcome.FRESH, a.replayCache().checkAndRecord("did:key:z1 nonce-0000000000000001", now + 60, now));
        assertEquals(Outcome.REPLAY, b.replayCache().checkAndRecord("did:key:z1 nonce-0000000000000001", now + 60, now));
        assertEquals(Outcome.REPLAY, a.replayCache().checkAndRecord("did:key:z1 nonce-0000000000000001", now + 60, now + 30));
        // the same nonce from another agent is another key
        assertEquals(Outcome.FRESH, b.replayCache().checkAndRecord("did:key:z2 nonce-0000000000000001", now + 60, now));
    }

    @Test
    void theKeyLivesAsLongAsTheProofAndIsHashedUnderThePrefix() {
        long now = System.currentTimeMillis() / 1000;
        String nonce = "did:key:z1 " + "n".repeat(128) + " with spaces * and ? glob characters";
        assertEquals(Outcome.FRESH, a.replayCache().checkAndRecord(nonce, now + 40, now));
        RedisClient client = RedisClient.create(RedisTestSupport.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            List<String> keys = c.sync().keys(prefix + "*");
            assertEquals(1, keys.size(), keys.toString());
            String k = keys.get(0);
            assertTrue(k.startsWith(prefix + "replay:") && k.length() == (prefix + "replay:").length() + 43, k);
            long pttl = c.sync().pttl(k);
            assertTrue(pttl > 39_000 && pttl <= 41_000, "expiry follows the proof's lifetime: " + pttl);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void oneOfManyConcurrentUsesOfOneProofIsAcceptedAcrossTwoInstances() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        for (int round = 0; round < 5; round++) {
            String key = "did:key:z1 race-" + round + "-000000000000";
            int threads = 32;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Outcome>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                ReplayCache cache = (i % 2 == 0 ? a : b).replayCache();
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.checkAndRecord(key, now + 60, now);
                }));
            }
            start.countDown();
            int fresh = 0;
            for (Future<Outcome> f : results) {
                if (f.get(30, TimeUnit.SECONDS) == Outcome.FRESH) fresh++;
            }
            pool.shutdown();
            assertEquals(1, fresh, "round " + round + ": exactly one of " + threads + " concurrent uses is accepted");
        }
    }
}
