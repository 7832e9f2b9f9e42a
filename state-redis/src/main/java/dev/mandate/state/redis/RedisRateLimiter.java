package dev.mandate.state.redis;

import dev.mandate.agent.authz.RateLimiter;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * {@link RateLimiter} in Redis: one sorted set of request times per key, trimmed and counted and added to in one
 * Lua script, so the limit is one limit across every instance. A request at time t counts while the window's
 * start is before t, exactly like the in-process limiter: times {@code <= now - 60 000} leave the window.
 */
final class RedisRateLimiter implements RateLimiter {
    static final LuaScript SCRIPT = LuaScript.of("""
            local now = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local limit = tonumber(ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            if redis.call('ZCARD', KEYS[1]) >= limit then
              return 0
            end
            redis.call('ZADD', KEYS[1], now, ARGV[4])
            redis.call('PEXPIRE', KEYS[1], window * 2)
            return 1
            """);

    private final RedisSharedState state;
    private final SecureRandom random = new SecureRandom();

    RedisRateLimiter(RedisSharedState state) {
        this.state = state;
    }

    @Override
    public boolean tryAcquire(String key, int perMinute, long nowMillis) {
        if (perMinute < 1) {
            return false;
        }
        byte[] id = new byte[9];
        random.nextBytes(id);
        String member = nowMillis + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        return state.eval(SCRIPT, new String[] {state.key("rate:" + LuaScript.digest(key))},
                Long.toString(nowMillis), Long.toString(WINDOW_MILLIS), Integer.toString(perMinute), member) == 1;
    }
}
