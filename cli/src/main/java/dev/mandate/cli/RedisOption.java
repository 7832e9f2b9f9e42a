package dev.mandate.cli;

import dev.mandate.state.redis.RedisSettings;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Optional;

/**
 * Picocli mixin: the Redis that several instances share their replay cache, rate limits and challenges through
 * ({@code --redis URL}, else the server configuration's {@code sharedState}, else {@code $MANDATE_REDIS}; none:
 * the state stays in this process) and the key prefix ({@code --redis-key-prefix}).
 */
public final class RedisOption {
    /** Environment variable with the Redis URL (may carry the password, which is never printed). */
    public static final String REDIS_VAR = "MANDATE_REDIS";

    @Option(names = "--redis", paramLabel = "URL",
            description = "Share the replay cache and rate limits (and challenges) with the other instances through this Redis:"
                    + " redis://[[user]:password@]host[:port][/db] or rediss://... (default: the configuration's sharedState,"
                    + " else $" + REDIS_VAR + ", else in this process). If Redis does not answer, requests are refused (fail closed).")
    String redis;

    @Option(names = "--redis-key-prefix", paramLabel = "PREFIX",
            description = "Prefix of the Redis keys (default: " + RedisSettings.DEFAULT_PREFIX + "). Instances that share state use the same"
                    + " prefix; unrelated deployments on one Redis use different ones.")
    String prefix;

    /**
     * The Redis settings in force: {@code --redis}, else {@code configured}, else {@code $MANDATE_REDIS}; with
     * {@code --redis-key-prefix} applied. Empty when none is given.
     *
     * @throws CliException (usage) naming the option when the URL or prefix is unusable; the password is never shown
     */
    public Optional<RedisSettings> settings(CliEnvironment env, Optional<RedisSettings> configured) {
        Optional<RedisSettings> base;
        String source;
        if (redis != null) {
            source = "--redis";
            base = Optional.of(parse(redis, source, configured.map(RedisSettings::keyPrefix).orElse(RedisSettings.DEFAULT_PREFIX),
                    configured.map(RedisSettings::timeout).orElse(RedisSettings.DEFAULT_TIMEOUT)));
        } else if (configured.isPresent()) {
            source = "sharedState.redis";
            base = configured;
        } else if (env.variable(REDIS_VAR).isPresent()) {
            source = "$" + REDIS_VAR;
            base = Optional.of(parse(env.variable(REDIS_VAR).get(), source, RedisSettings.DEFAULT_PREFIX, RedisSettings.DEFAULT_TIMEOUT));
        } else {
            source = "";
            base = Optional.empty();
        }
        if (prefix == null) {
            return base;
        }
        if (base.isEmpty()) {
            throw CliException.usage("--redis-key-prefix", "there is no Redis to use it with",
                    "add --redis URL (or set $" + REDIS_VAR + "), or drop --redis-key-prefix");
        }
        try {
            return Optional.of(base.get().withKeyPrefix(prefix));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--redis-key-prefix " + CliException.shorten(prefix), e.getMessage(), "e.g. --redis-key-prefix prod-eu:");
        }
    }

    private static RedisSettings parse(String url, String source, String keyPrefix, Duration timeout) {
        try {
            return new RedisSettings(url, keyPrefix, timeout);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(source + " " + CliException.shorten(RedisSettings.redact(url)), e.getMessage(),
                    "or leave it out to keep the state in this process");
        }
    }
}
