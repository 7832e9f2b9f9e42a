package dev.mandate.vc.status;

import java.util.Objects;

/**
 * One {@code statusMessage} item of an entry: the value (written {@code 0x..} in JSON) and its meaning.
 *
 * @param status  the entry value this message describes
 * @param message what that value means, e.g. {@code "accepted"}
 */
public record StatusMessage(int status, String message) {
    /**
     * Checks the message.
     *
     * @param status  the entry value this message describes
     * @param message what that value means, e.g. {@code "accepted"}
     */
    public StatusMessage {
        Objects.requireNonNull(message, "message");
        if (status < 0) {
            throw new IllegalArgumentException("status must not be negative");
        }
    }

    /** {@return the JSON form of {@link #status()}: lower-case hexadecimal with a {@code 0x} prefix} */
    public String hex() {
        return "0x" + Integer.toHexString(status);
    }
}
