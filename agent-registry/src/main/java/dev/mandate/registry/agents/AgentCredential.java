package dev.mandate.registry.agents;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A credential recorded for an agent: its id, its {@code credentialSubject.id} ("" if unknown), the signed
 * credential JSON if it was recorded ("" if only the id was), when it was revoked by the registry (retirement
 * or key rotation), and the id of the credential a key rotation re-issued in its place ("" for none).
 *
 * @param id         the credential id
 * @param subject    its {@code credentialSubject.id}, or ""
 * @param content    the signed credential JSON, or "" if only the id was recorded
 * @param recorded   when it was recorded
 * @param revoked    when the registry revoked it, or empty
 * @param replacedBy the id of the credential re-issued in its place, or ""
 */
public record AgentCredential(String id, String subject, String content, Instant recorded, Optional<Instant> revoked,
                              String replacedBy) {
    /**
     * Null-checks the fields.
     *
     * @param id         the credential id
     * @param subject    its {@code credentialSubject.id}, or ""
     * @param content    the signed credential JSON, or "" if only the id was recorded
     * @param recorded   when it was recorded
     * @param revoked    when the registry revoked it, or empty
     * @param replacedBy the id of the credential re-issued in its place, or ""
     * @throws NullPointerException naming the null component
     */
    public AgentCredential {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(recorded, "recorded");
        Objects.requireNonNull(revoked, "revoked");
        Objects.requireNonNull(replacedBy, "replacedBy");
    }

    /** {@return the record as JSON, without the content (which can be large); {@code stored} says whether it is kept} */
    public JsonObject toJson() {
        var b = Jsonp.PROVIDER.createObjectBuilder().add("id", id).add("subject", subject).add("stored", !content.isEmpty())
                .add("recorded", recorded.toString());
        revoked.ifPresent(r -> b.add("revoked", r.toString()));
        if (!replacedBy.isEmpty()) {
            b.add("replacedBy", replacedBy);
        }
        return b.build();
    }
}
