package dev.mandate.state.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Two instances' shared state on the real Redis under one fresh key prefix (deleted afterwards): what every
 * store's test needs to show that what one instance records, the other sees.
 */
abstract class TwoInstances {
    String prefix;
    RedisSharedState a;
    RedisSharedState b;

    /** Names the prefix, for a reader of Redis during a run. */
    abstract String name();

    @BeforeEach
    void openTwoInstances() {
        RedisTestSupport.assumeAvailable();
        prefix = RedisTestSupport.uniquePrefix(name());
        a = RedisSharedState.open(RedisTestSupport.settings(prefix));
        b = RedisSharedState.open(RedisTestSupport.settings(prefix));
    }

    @AfterEach
    void closeTwoInstances() {
        if (a != null) a.close();
        if (b != null) b.close();
        if (prefix != null) RedisTestSupport.deleteKeys(prefix);
    }
}
