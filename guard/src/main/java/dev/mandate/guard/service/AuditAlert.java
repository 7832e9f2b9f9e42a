package dev.mandate.guard.service;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * An operational alert about the audit log: a gateway's decisions are not being recorded within their bound
 * ({@code audit.maxUnpersistedSeconds}), it recovered, or it stopped while behind. Raised once per episode
 * by the guard watching the gateway's {@code AuditWriter} (see {@link GuardService.Builder#watchAudit}).
 *
 * @param event   {@value #BEHIND}, {@value #RECOVERED}, {@value #STOPPED} (stopped while behind, or lost decisions stopping)
 *                or {@value #FAILING} (a synchronous append failed)
 * @param writer  which gateway's writer (its verifier name)
 * @param behind  how long the oldest decision not yet recorded had been waiting when this was raised
 * @param bound   the bound ({@code audit.maxUnpersistedSeconds})
 * @param lasted  how long the episode has lasted (zero for {@value #BEHIND})
 * @param waiting decisions accepted, not yet recorded (queued or in the batch being retried)
 * @param lost    decisions accepted for the log but never recorded in this episode (queue full, or the writer
 *                stopped with the database down); each is also an ERROR line of {@code dev.mandate.audit}
 * @param cause   the writer's last append failure (its first 300 characters), or empty
 */
public record AuditAlert(String event, String writer, Duration behind, Duration bound, Duration lasted, long waiting, long lost,
                         String cause) implements GuardAlert {
    /** Decisions are not recorded within the bound. */
    public static final String BEHIND = "audit.behind";
    /** The writer is within the bound again. */
    public static final String RECOVERED = "audit.recovered";
    /** The writer stopped (the process is stopping) while behind its bound, or lost decisions as it stopped. */
    public static final String STOPPED = "audit.stopped";
    /**
     * A gateway that records each decision before answering ({@code mandate serve --audit-sync}) could not record one:
     * {@value}. Raised once per episode; {@link #RECOVERED} ends it.
     */
    public static final String FAILING = "audit.failing";

    /**
     * Checks the members and cuts {@code cause} to 300 characters.
     *
     * @param event   {@value #BEHIND}, {@value #RECOVERED}, {@value #STOPPED} or {@value #FAILING}
     * @param writer  which gateway's writer (its verifier name)
     * @param behind  how long the oldest unrecorded decision had been waiting
     * @param bound   the bound ({@code audit.maxUnpersistedSeconds})
     * @param lasted  how long the episode has lasted
     * @param waiting decisions accepted, not yet recorded
     * @param lost    decisions accepted for the log but never recorded in this episode
     * @param cause   the writer's last append failure, or empty
     * @throws NullPointerException if an object member is null
     */
    public AuditAlert {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(behind, "behind");
        Objects.requireNonNull(bound, "bound");
        Objects.requireNonNull(lasted, "lasted");
        Objects.requireNonNull(cause, "cause");
        cause = cause.length() > 300 ? cause.substring(0, 300) + "..." : cause;
    }

    /** {@return "the audit log writer of" and the gateway's name} */
    @Override
    public String subject() {
        return "the audit log writer of " + writer;
    }

    /** {@return the log line: how far behind, how many waiting, how many lost, why} */
    @Override
    public String line() {
        String lostText = lost == 0 ? "no decision lost" : lost + " decision(s) LOST (not recorded)";
        String why = cause.isEmpty() ? "" : "; last failure: " + (cause.length() > 200 ? cause.substring(0, 200) + "..." : cause);
        return switch (event) {
            case BEHIND -> String.format(Locale.ROOT, "guard: %s is %d s behind (bound: audit.maxUnpersistedSeconds = %d s), %d decision(s)"
                    + " waiting, %s so far%s; /authorize answers 503 until decisions are recorded again (unless audit.onFailure is allow)",
                    subject(), behind.toSeconds(), bound.toSeconds(), waiting, lostText, why);
            case FAILING -> String.format(Locale.ROOT, "guard: %s could not record a decision before answering it%s; %s; /authorize answers"
                    + " 503 while decisions cannot be recorded (unless audit.onFailure is allow)", subject(), why, lostText);
            case RECOVERED -> String.format(Locale.ROOT, "guard: %s %s after %d s; %s", subject(),
                    bound.isZero() ? "records decisions again" : "is within its bound again", lasted.toSeconds(), lostText);
            default -> String.format(Locale.ROOT, "guard: %s stopped%s; %s%s", subject(),
                    lasted.isZero() ? "" : " after " + lasted.toSeconds() + " s behind its bound", lostText, why);
        };
    }

    /** {@return the webhook body: {@code event}, {@code writer}, {@code behindMillis}, {@code boundSeconds}, {@code lastedMillis}, {@code waiting}, {@code lost}, {@code cause} and {@code summary} (the line)} */
    @Override
    public JsonObject toJson() {
        return Jsonp.PROVIDER.createObjectBuilder().add("event", event).add("writer", writer).add("behindMillis", behind.toMillis())
                .add("boundSeconds", bound.toSeconds()).add("lastedMillis", lasted.toMillis()).add("waiting", waiting).add("lost", lost)
                .add("cause", cause).add("summary", line()).build();
    }
}
