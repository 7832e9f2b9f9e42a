package dev.mandate.registry.audit;

import jakarta.json.JsonObject;

import java.util.Objects;

/**
 * An entry waiting to be appended: its type, actor, subject and details (see {@link AuditLog#append}).
 * The log assigns the sequence number and time when it is written.
 */
public record AuditDraft(String type, String actor, String subject, JsonObject details) {
    /** Checks for nulls (the log checks the rest). */
    public AuditDraft {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(details, "details");
    }
}
