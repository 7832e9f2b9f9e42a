package dev.mandate.guard.sim;

import java.time.Duration;
import java.time.Instant;

/**
 * A misbehaviour the {@link TrafficGenerator} can inject into one agent's otherwise normal traffic.
 * Each names the agent and when it starts.
 */
public sealed interface Misbehaviour {
    /** {@return the agent it is injected into} */
    String agent();

    /** {@return when its first call happens (for {@link Dormancy}, when the agent falls silent)} */
    Instant start();

    /** {@return a short stable name for tables: {@code out-of-scope-denied}, {@code rate-burst}, ...} */
    String name();

    /**
     * A procurement agent reading the HR database: {@code calls} reads of employees and salaries. When
     * {@code allowed} its credentials declare an over-broad {@code read https://hr.example.com/} it never used
     * before and the calls are allowed; otherwise they are denied as outside its capabilities.
     *
     * @param agent   the agent
     * @param start   the first call's time
     * @param allowed whether the calls are allowed
     * @param calls   how many calls
     */
    record OutOfScopeAccess(String agent, Instant start, boolean allowed, int calls) implements Misbehaviour {
        @Override public String name() { return allowed ? "out-of-scope-allowed" : "out-of-scope-denied"; }
    }

    /**
     * The agent calls its usual resources at {@code perMinute} calls a minute for {@code duration}.
     *
     * @param agent     the agent
     * @param start     the burst's start
     * @param duration  how long it lasts
     * @param perMinute calls per minute meanwhile
     */
    record RateBurst(String agent, Instant start, Duration duration, int perMinute) implements Misbehaviour {
        @Override public String name() { return "rate-burst"; }
    }

    /**
     * A procurement agent lists purchase orders and deletes one right after, {@code repeats} times, seconds apart.
     *
     * @param agent   the agent
     * @param start   the first pair's time
     * @param repeats how many list-then-delete pairs
     */
    record ImprobableSequence(String agent, Instant start, int repeats) implements Misbehaviour {
        @Override public String name() { return "improbable-sequence"; }
    }

    /**
     * The agent keeps retrying a request it is denied ({@code attempts} times, seconds apart): probing.
     *
     * @param agent    the agent
     * @param start    the first attempt's time
     * @param attempts how many attempts
     */
    record RepeatedDenials(String agent, Instant start, int attempts) implements Misbehaviour {
        @Override public String name() { return "repeated-denials"; }
    }

    /**
     * The agent makes no calls from {@code start} until {@code returnAt}, then resumes its usual traffic.
     *
     * @param agent    the agent
     * @param start    when it falls silent
     * @param returnAt when it calls again
     */
    record Dormancy(String agent, Instant start, Instant returnAt) implements Misbehaviour {
        @Override public String name() { return "silence"; }
    }
}
