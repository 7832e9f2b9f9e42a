package dev.mandate.state.redis;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisSettingsTest {
    @Test
    void acceptsRedisAndRedissUrls() {
        assertEquals("redis://127.0.0.1:6379/0", RedisSettings.of("redis://127.0.0.1:6379/0").url());
        RedisSettings.of("rediss://127.0.0.1:6380/2");
        RedisSettings.of("redis://127.0.0.1");
        RedisSettings.of("redis://[::1]:6379/0");
        assertEquals("mandate:", RedisSettings.of("redis://127.0.0.1").keyPrefix());
    }

    @Test
    void refusesUnusableUrlsWithOneLineWithoutThePassword() {
        for (String bad : new String[] {"", "127.0.0.1:6379", "http://127.0.0.1:6379", "redis://", "redis://:hunter22@/0",
                "redis://u:hunter22@127.0.0.1:99999/0", "redis://u:hunter22@127.0.0.1:6379/99", "redis://" + "a".repeat(3000)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisSettings.of(bad), bad);
            assertFalse(e.getMessage().contains("hunter22"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().contains("redis://"), "the message shows the expected form: " + e.getMessage());
        }
    }

    @Test
    void refusesBadPrefixesAndTimeouts() {
        RedisSettings s = RedisSettings.of("redis://127.0.0.1");
        assertThrows(IllegalArgumentException.class, () -> s.withKeyPrefix(""));
        assertThrows(IllegalArgumentException.class, () -> s.withKeyPrefix("has space"));
        assertThrows(IllegalArgumentException.class, () -> s.withKeyPrefix("glob*"));
        assertThrows(IllegalArgumentException.class, () -> s.withKeyPrefix("p".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> s.withTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> s.withTimeout(Duration.ofMinutes(5)));
    }

    @Test
    void redactsUserInformation() {
        assertEquals("redis://***@127.0.0.1:6379/0", RedisSettings.redact("redis://user:pw@127.0.0.1:6379/0"));
        assertEquals("rediss://***@h:1", RedisSettings.redact("rediss://pw@h:1"));
        assertEquals("redis://127.0.0.1:6379/0", RedisSettings.redact("redis://127.0.0.1:6379/0"));
        assertEquals("http://***@h:6379", RedisSettings.redact("http://u:pw@h:6379"), "a wrong scheme is redacted too");
        assertEquals("***@h:6379/0", RedisSettings.redact("u:pw@h:6379/0"), "and no scheme at all");
        assertEquals("redis://h/0?x=a@b", RedisSettings.redact("redis://h/0?x=a@b"), "an @ after the path is not user information");
        assertFalse(RedisSettings.of("redis://user:pw-long@127.0.0.1/0").toString().contains("pw-long"));
    }
}
