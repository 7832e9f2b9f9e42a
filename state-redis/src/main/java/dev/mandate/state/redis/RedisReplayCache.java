package dev.mandate.state.redis;

import dev.mandate.agent.request.ReplayCache;
import io.lettuce.core.SetArgs;

/**
 * {@link ReplayCache} in Redis: {@code SET <prefix>replay:<sha-256 of key> 1 NX PX <remaining lifetime>}. Of any
 * number of concurrent calls with one key, on any instances, exactly one gets {@link Outcome#FRESH}; the key
 * expires with the proof, so Redis holds only live nonces ({@link Outcome#FULL} is never returned: Redis's own
 * memory policy bounds it; configure {@code maxmemory-policy noeviction} so live nonces are never evicted).
 */
final class RedisReplayCache implements ReplayCache {
    private final RedisSharedState state;

    RedisReplayCache(RedisSharedState state) {
        this.state = state;
    }

    @Override
    public Outcome checkAndRecord(String key, long expiresAtEpochSecond, long nowEpochSecond) {
        long ttlMillis = Math.max(1, expiresAtEpochSecond - nowEpochSecond + 1) * 1000;
        String k = state.key("replay:" + LuaScript.digest(key));
        String r = state.call(c -> c.set(k, "1", SetArgs.Builder.nx().px(ttlMillis)));
        return "OK".equals(r) ? Outcome.FRESH : Outcome.REPLAY;
    }
}
