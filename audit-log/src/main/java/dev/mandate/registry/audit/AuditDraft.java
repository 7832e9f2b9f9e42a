package dev.mandate.registry.audit;

import jakarta.json.JsonObject;

import java.util.Objects;

/**
 * An entry waiting to be appended: its type, actor, subject and details (see {@link AuditLog#append}).
 * The log assigns the sequence number and time when it is written.
 *
 * @param type    the event type (e.g. {@code credential.issued}); not null
 * @param actor   who caused the event (a DID or operator name); not null
 * @param subject what the event is about (a DID, credential or list id); not null
 * @param details event-specific JSON; not null (use an empty object for none)
 */
public record AuditDraft(String type, String actor, String subject, JsonObject details) {
    /**
     * Checks for nulls (the log checks the rest).
     *
     * @param type    the event type
     * @param actor   who caused the event
     * @param subject what the event is about
     * @param details event-specific JSON
     * @throws NullPointerException naming the null component
     */
    public AuditDraft {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(details, "details");
    }
}
