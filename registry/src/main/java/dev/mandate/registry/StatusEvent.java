package dev.mandate.registry;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;

import java.util.Objects;

/**
 * A push notification: a status list changed. Verifiers drop their cached copy of
 * {@code statusListCredential} when they receive it.
 *
 * @param seq                  the change-log sequence number (the SSE event id; resume after it)
 * @param listId               the list that changed
 * @param statusListCredential the list's URL
 * @param listVersion          the list version after the change
 */
public record StatusEvent(long seq, String listId, String statusListCredential, long listVersion) {
    /** The SSE event name. */
    public static final String EVENT_NAME = "status";

    /**
     * Checks that no reference component is null.
     *
     * @param seq the change-log sequence number
     * @param listId the list; not null
     * @param statusListCredential the list's URL; not null
     * @param listVersion the list version after the change
     * @throws NullPointerException naming the null component
     */
    public StatusEvent {
        Objects.requireNonNull(listId, "listId");
        Objects.requireNonNull(statusListCredential, "statusListCredential");
    }

    /** {@return the event's JSON data: statusListCredential, listId, listVersion, seq} */
    public JsonObject toJson() {
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("statusListCredential", statusListCredential)
                .add("listId", listId)
                .add("listVersion", listVersion)
                .add("seq", seq)
                .build();
    }

    /** {@return the event as a server-sent event ({@code id}, {@code event}, {@code data}, blank line)} */
    public String toSse() {
        return "id: " + seq + "\nevent: " + EVENT_NAME + "\ndata: " + toJson() + "\n\n";
    }
}
