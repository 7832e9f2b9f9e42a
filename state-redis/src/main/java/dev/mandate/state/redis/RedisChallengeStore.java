package dev.mandate.state.redis;

import dev.mandate.agent.state.ChallengeStore;
import dev.mandate.agent.state.SharedStateUnavailableException;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ChallengeStore} in Redis: one sorted set {@code <prefix>challenges} of challenges scored by their expiry
 * (epoch milliseconds). Issuing purges expired challenges when the bound is reached and adds the new one; consuming
 * removes the challenge and succeeds only if it was there and not expired, both in one Lua script, so a challenge
 * issued by any instance is accepted once, at exactly one instance.
 */
final class RedisChallengeStore implements ChallengeStore {
    /** Longest challenge looked up; a longer one was never issued (ours are 22 characters). */
    private static final int MAX_CHALLENGE = 128;
    static final LuaScript ISSUE = LuaScript.of("""
            local now = tonumber(ARGV[1])
            local expiry = tonumber(ARGV[2])
            local max = tonumber(ARGV[3])
            if redis.call('ZCARD', KEYS[1]) >= max then
              redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. now)
              if redis.call('ZCARD', KEYS[1]) >= max then
                return 0
              end
            end
            redis.call('ZADD', KEYS[1], expiry, ARGV[4])
            redis.call('PEXPIRE', KEYS[1], expiry - now + 60000)
            return 1
            """);
    static final LuaScript CONSUME = LuaScript.of("""
            local expiry = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if not expiry then
              return 0
            end
            redis.call('ZREM', KEYS[1], ARGV[1])
            if tonumber(expiry) < tonumber(ARGV[2]) then
              return 0
            end
            return 1
            """);

    /** Consumes an issued challenge if there, then marks the challenge used for the ttl: 1 on its first use, 0 after. */
    static final LuaScript USE_ONCE = LuaScript.of("""
            redis.call('ZREM', KEYS[1], ARGV[1])
            if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then
              return 1
            end
            return 0
            """);

    private final RedisSharedState state;
    private final Duration ttl;
    private final int max;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final String[] keys;

    RedisChallengeStore(RedisSharedState state, Duration ttl, int maxOutstanding, Clock clock) {
        if (maxOutstanding < 1) throw new IllegalArgumentException("maxOutstanding must be positive");
        this.state = state;
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.max = maxOutstanding;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keys = new String[] {state.key("challenges")};
    }

    @Override
    public Optional<String> issue() {
        long now = clock.millis();
        String c = ChallengeStore.newChallenge(random);
        long ok = state.eval(ISSUE, keys, Long.toString(now), Long.toString(now + ttl.toMillis()), Integer.toString(max), c);
        return ok == 1 ? Optional.of(c) : Optional.empty();
    }

    @Override
    public boolean consume(String challenge) {
        if (challenge.isEmpty() || challenge.length() > MAX_CHALLENGE) {
            return false;
        }
        return state.eval(CONSUME, keys, challenge, Long.toString(clock.millis())) == 1;
    }

    /**
     * {@inheritDoc} In Redis: {@code SET <prefix>challenge-used:<sha-256> NX PX <ttl>} in the same script that
     * removes the challenge from the issued set, so of the uses of one challenge at any instance within its
     * lifetime exactly one is first. Never {@link Use#FULL}: entries expire with the ttl.
     */
    @Override
    public Use useOnce(String challenge) {
        String used = state.key("challenge-used:" + LuaScript.digest(challenge));
        String member = challenge.length() > MAX_CHALLENGE ? "" : challenge;
        long first = state.eval(USE_ONCE, new String[] {keys[0], used}, member, Long.toString(ttl.toMillis()));
        return first == 1 ? Use.FIRST : Use.REPLAYED;
    }

    /** The challenges held in Redis (all instances), or -1 when Redis cannot tell now. */
    @Override
    public int outstanding() {
        try {
            Long n = state.call(c -> c.zcard(keys[0]));
            return n == null ? 0 : (int) Math.min(Integer.MAX_VALUE, n);
        } catch (SharedStateUnavailableException e) {
            return -1;
        }
    }

    @Override
    public Duration ttl() {
        return ttl;
    }
}
