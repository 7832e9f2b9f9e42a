package dev.mandate.state.redis;

import dev.mandate.agent.authz.RateLimiter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisRateLimiterTest extends TwoInstances {

    @Override
    String name() {
        return "rate";
    }

    @Test
    void theWindowIsExactAtItsBoundaryAndOneLimitAcrossInstances() {
        RateLimiter ra = a.rateLimiter();
        RateLimiter rb = b.rateLimiter();
        long t0 = 1_000_000_000_000L;
        assertTrue(ra.tryAcquire("k", 3, t0));
        assertTrue(rb.tryAcquire("k", 3, t0 + 10));
        assertTrue(ra.tryAcquire("k", 3, t0 + 20));
        assertFalse(rb.tryAcquire("k", 3, t0 + 30), "the 4th request in the minute, at the other instance, is refused");
        assertFalse(ra.tryAcquire("k", 3, t0 + 59_999), "1 ms before the first request leaves the window");
        assertTrue(rb.tryAcquire("k", 3, t0 + 60_000), "the first request leaves the window exactly 60 000 ms later");
        assertFalse(ra.tryAcquire("k", 3, t0 + 60_009), "t0+10 is still inside");
        assertTrue(ra.tryAcquire("k", 3, t0 + 60_010));
        assertTrue(ra.tryAcquire("other", 3, t0 + 60_010), "keys are independent");
    }

    @Test
    void refusedRequestsDoNotCount() {
        RateLimiter r = a.rateLimiter();
        long t0 = 2_000_000_000_000L;
        assertTrue(r.tryAcquire("k", 1, t0));
        for (int i = 1; i < 50; i++) {
            assertFalse(r.tryAcquire("k", 1, t0 + i * 1000L));
        }
        assertTrue(r.tryAcquire("k", 1, t0 + 60_000), "a client hammering while limited is not locked out for longer");
    }

    @Test
    void concurrentRequestsFromManyThreadsAtTwoInstancesGetExactlyTheLimit() throws Exception {
        int limit = 10;
        int threads = 40;
        long t0 = System.currentTimeMillis();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            RateLimiter r = (i % 2 == 0 ? a : b).rateLimiter();
            long t = t0 + i;
            results.add(pool.submit(() -> {
                start.await();
                return r.tryAcquire("agent credential capability", limit, t);
            }));
        }
        start.countDown();
        int allowed = 0;
        for (Future<Boolean> f : results) {
            if (f.get(30, TimeUnit.SECONDS)) allowed++;
        }
        pool.shutdown();
        assertEquals(limit, allowed);
    }

    @Test
    void decidesLikeTheInProcessLimiterOnARandomSequence() {
        RateLimiter redis = a.rateLimiter();
        RateLimiter local = RateLimiter.inMemory(1000);
        Random rnd = new Random(15);
        long t = 3_000_000_000_000L;
        for (int i = 0; i < 400; i++) {
            t += rnd.nextInt(rnd.nextBoolean() ? 500 : 20_000);
            String key = "k" + rnd.nextInt(3);
            int perMinute = 2 + Math.floorMod(key.hashCode(), 3); // one rate per key
            assertEquals(local.tryAcquire(key, perMinute, t), redis.tryAcquire(key, perMinute, t),
                    "request " + i + " at " + t + " for " + key);
        }
    }
}
