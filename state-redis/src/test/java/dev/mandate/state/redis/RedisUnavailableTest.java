package dev.mandate.state.redis;

import dev.mandate.agent.state.SharedStateUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis that does not answer (a loopback port with nothing listening): every operation fails closed. */
class RedisUnavailableTest {
    private static final String SECRET = "s3cret-Passw0rd";
    private RedisSharedState dead;
    private int port;

    @BeforeEach
    void open() {
        port = RedisTestSupport.deadPort();
        dead = RedisSharedState.open(new RedisSettings("redis://mandate:" + SECRET + "@127.0.0.1:" + port + "/0",
                "mandate-test:dead:", Duration.ofMillis(300)));
    }

    @AfterEach
    void close() {
        dead.close();
    }

    @Test
    void everyOperationThrowsUnavailableNamingRedisWithoutThePassword() {
        long now = System.currentTimeMillis() / 1000;
        SharedStateUnavailableException e1 = assertThrows(SharedStateUnavailableException.class,
                () -> dead.replayCache().checkAndRecord("k", now + 60, now));
        SharedStateUnavailableException e2 = assertThrows(SharedStateUnavailableException.class,
                () -> dead.rateLimiter().tryAcquire("k", 10, now * 1000));
        var challenges = dead.challengeStore(Duration.ofMinutes(1), 10, Clock.systemUTC());
        SharedStateUnavailableException e3 = assertThrows(SharedStateUnavailableException.class, challenges::issue);
        SharedStateUnavailableException e4 = assertThrows(SharedStateUnavailableException.class, () -> challenges.consume("abc"));
        assertEquals(-1, challenges.outstanding());
        for (SharedStateUnavailableException e : new SharedStateUnavailableException[] {e1, e2, e3, e4}) {
            assertTrue(e.getMessage().contains("redis redis://***@127.0.0.1:" + port + "/0"), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        RedisSharedState.Health h = dead.health();
        assertFalse(h.up());
        assertFalse(dead.healthy());
        assertFalse(h.detail().contains(SECRET), h.detail());
        assertFalse(dead.settings().toString().contains(SECRET));
    }

    @Test
    void aServerThatAcceptsButNeverAnswersTimesOut() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // accepts connections (the kernel's backlog) but never answers a command
            try (RedisSharedState s = RedisSharedState.open(new RedisSettings("redis://127.0.0.1:" + silent.getLocalPort() + "/0",
                    "mandate-test:silent:", Duration.ofMillis(300)))) {
                long start = System.nanoTime();
                long now = System.currentTimeMillis() / 1000;
                SharedStateUnavailableException e = assertThrows(SharedStateUnavailableException.class,
                        () -> s.replayCache().checkAndRecord("k", now + 60, now));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 10_000, "bounded by the timeout, took " + millis + " ms: " + e.getMessage());
                assertFalse(s.healthy());
            }
        }
    }

    @Test
    void anOutageFailsClosedAndTheSameStateRecoversWhenRedisAnswersAgain() throws Exception {
        RedisTestSupport.assumeAvailable();
        java.net.URI target = java.net.URI.create(RedisTestSupport.url());
        String prefix = RedisTestSupport.uniquePrefix("outage");
        try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort() < 0 ? 6379 : target.getPort());
             RedisSharedState s = RedisSharedState.open(new RedisSettings("redis://127.0.0.1:" + proxy.port() + target.getPath(),
                     prefix, Duration.ofSeconds(2)))) {
            long now = System.currentTimeMillis() / 1000;
            assertEquals(dev.mandate.agent.request.ReplayCache.Outcome.FRESH, s.replayCache().checkAndRecord("n1", now + 60, now));
            assertTrue(s.healthy());
            proxy.cut();
            assertThrows(SharedStateUnavailableException.class, () -> s.replayCache().checkAndRecord("n2", now + 60, now));
            assertThrows(SharedStateUnavailableException.class, () -> s.rateLimiter().tryAcquire("k", 5, now * 1000));
            assertFalse(s.healthy());
            proxy.restore();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!s.healthy() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(s.healthy(), "reconnected after Redis came back");
            assertEquals(dev.mandate.agent.request.ReplayCache.Outcome.REPLAY, s.replayCache().checkAndRecord("n1", now + 60, now),
                    "what was recorded before the outage is still refused");
            assertEquals(dev.mandate.agent.request.ReplayCache.Outcome.FRESH, s.replayCache().checkAndRecord("n2", now + 60, now),
                    "a nonce refused during the outage was not recorded");
        } finally {
            RedisTestSupport.deleteKeys(prefix);
        }
    }
}
