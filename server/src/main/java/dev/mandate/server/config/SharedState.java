package dev.mandate.server.config;

import java.util.Objects;

/**
 * Where the state that must be one across instances lives: the request-replay cache, the rate limiters of
 * {@code /authorize} and the challenges of {@code POST /challenges}.
 */
public sealed interface SharedState {
    /** In this process: right for one instance; behind a load balancer replays and rates would be per instance. */
    record InProcess() implements SharedState {
    }

    /**
     * In Redis ({@code "sharedState": {"redis": "redis://127.0.0.1:6379/0"}}): one replay cache, one limit
     * and one challenge store for every instance with the same settings. If Redis does not answer,
     * {@code /authorize} denies with 503 and challenges answer 503 (fail closed).
     *
     * @param settings the Redis URI, key prefix and timeouts
     */
    record Redis(dev.mandate.state.redis.RedisSettings settings) implements SharedState {
        /**
         * Checks that the settings are present.
         *
         * @param settings the Redis settings
         * @throws NullPointerException if {@code settings} is null
         */
        public Redis {
            Objects.requireNonNull(settings, "settings");
        }
    }
}
