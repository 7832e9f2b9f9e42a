package dev.mandate.state.redis;

import dev.mandate.agent.state.ChallengeStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisChallengeStoreTest extends TwoInstances {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));

    @Override
    String name() {
        return "challenges";
    }

    private ChallengeStore at(RedisSharedState s, int max) {
        return s.challengeStore(Duration.ofMinutes(5), max, clock);
    }

    @Test
    void issuedAtOneInstanceConsumedOnceAtAnother() {
        ChallengeStore sa = at(a, 100);
        ChallengeStore sb = at(b, 100);
        String c = sa.issue().orElseThrow();
        assertEquals(22, c.length());
        assertEquals(1, sb.outstanding());
        assertTrue(sb.consume(c));
        assertFalse(sb.consume(c), "used twice at the same instance");
        assertFalse(sa.consume(c), "used again at the issuing instance");
        assertFalse(sa.consume("never-issued-challenge"));
        assertFalse(sa.consume(""));
        assertFalse(sa.consume("x".repeat(10_000)), "an oversized challenge is refused without a lookup");
        assertEquals(0, sa.outstanding());
    }

    @Test
    void anExpiredChallengeIsRefusedAndTheBoundHoldsAcrossInstances() {
        ChallengeStore sa = at(a, 2);
        ChallengeStore sb = at(b, 2);
        String c1 = sa.issue().orElseThrow();
        String c2 = sb.issue().orElseThrow();
        assertEquals(Optional.empty(), sa.issue(), "two unused challenges are outstanding across both instances");
        clock.advance(Duration.ofMinutes(5));
        assertTrue(sb.consume(c1), "valid up to and including its expiry instant");
        clock.advance(Duration.ofMillis(1));
        assertFalse(sa.consume(c2), "expired 1 ms ago");
        String c3 = sa.issue().orElseThrow();
        String c4 = sb.issue().orElseThrow();
        assertEquals(Optional.empty(), sb.issue());
        clock.advance(Duration.ofMinutes(6));
        assertTrue(sa.issue().isPresent(), "expired challenges are purged when the bound is reached");
        assertFalse(sb.consume(c3));
        assertFalse(sb.consume(c4));
    }

    @Test
    void aChallengeConsumedConcurrentlyAtTwoInstancesSucceedsOnce() throws Exception {
        ChallengeStore sa = at(a, 1000);
        for (int round = 0; round < 5; round++) {
            String c = sa.issue().orElseThrow();
            int threads = 24;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                ChallengeStore s = at(i % 2 == 0 ? a : b, 1000);
                results.add(pool.submit(() -> {
                    start.await();
                    return s.consume(c);
                }));
            }
            start.countDown();
            int ok = 0;
            for (Future<Boolean> f : results) {
                if (f.get(30, TimeUnit.SECONDS)) ok++;
            }
            pool.shutdown();
            assertEquals(1, ok, "round " + round);
        }
    }

    @Test
    void aRelyingPartysOwnChallengeIsUsableOnceAcrossInstancesEvenUnderARace() throws Exception {
        ChallengeStore sa = at(a, 100);
        ChallengeStore sb = at(b, 100);
        assertEquals(ChallengeStore.Use.FIRST, sa.useOnce("rp-nonce-1"));
        assertEquals(ChallengeStore.Use.REPLAYED, sb.useOnce("rp-nonce-1"), "the other instance sees it used");
        assertEquals(ChallengeStore.Use.REPLAYED, sa.useOnce("rp-nonce-1"));
        // an issued challenge used through useOnce is consumed too
        String issued = sa.issue().orElseThrow();
        assertEquals(ChallengeStore.Use.FIRST, sb.useOnce(issued));
        assertFalse(sa.consume(issued));
        // sixteen threads on two instances race for one fresh challenge: exactly one wins
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ChallengeStore.Use>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                ChallengeStore s = i % 2 == 0 ? sa : sb;
                results.add(pool.submit(() -> {
                    go.await();
                    return s.useOnce("raced");
                }));
            }
            go.countDown();
            int first = 0;
            for (Future<ChallengeStore.Use> f : results) {
                if (f.get(10, TimeUnit.SECONDS) == ChallengeStore.Use.FIRST) first++;
            }
            assertEquals(1, first);
        } finally {
            pool.shutdownNow();
        }
    }
}
