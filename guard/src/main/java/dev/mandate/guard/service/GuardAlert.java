package dev.mandate.guard.service;

import jakarta.json.JsonObject;

/**
 * Anything the guard raises: an {@link Alert} about an agent (suspended, would be suspended, back after a long
 * silence) or an {@link AuditAlert} about the audit log itself (decisions not recorded within their bound, and
 * the recovery). Every kind is one log line and one webhook body, told apart by {@link #event()}.
 */
public sealed interface GuardAlert permits Alert, AuditAlert {

    /** {@return the event name, also the webhook body's {@code event} member: {@code agent.*} or {@code audit.*}} */
    String event();

    /** {@return the alert as one log line (no line breaks)} */
    String line();

    /** {@return the webhook body, a JSON object with at least {@code event} and {@code summary}} */
    JsonObject toJson();

    /** {@return what the alert is about, for a delivery failure's log line: an agent's DID or the audit log's writer} */
    String subject();
}
