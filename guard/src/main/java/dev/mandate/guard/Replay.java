package dev.mandate.guard;

import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Replaying the guard from the audit log. An {@code authorization} audit entry carries what the guard saw
 * under the details member {@value #MEMBER} ({@link #auditDetails}); {@link #fromAuditEntry} turns the
 * entry back into the {@link Observation}, with the entry's seq and time. Feed the live guard the
 * observation rebuilt from the appended entry, and a fresh guard with the same configuration fed the
 * same entries in seq order ({@link #replay}) reaches the same verdicts.
 */
public final class Replay {
    /** The details member of an {@code authorization} audit entry that holds the guard's input. */
    public static final String MEMBER = "guard";
    /** The audit entry type the guard reads. */
    public static final String TYPE = "authorization";

    private Replay() {}

    /**
     * The value to put under {@value #MEMBER} in an authorization entry's details:
     * {"action", "resource", "allowed", "denyCodes", "scope"} (seq, time and agent come from the entry itself;
     * the agent is the entry's subject).
     */
    public static JsonObject auditDetails(Observation o) {
        JsonObject all = o.toJson();
        return Jsonp.PROVIDER.createObjectBuilder().add("action", all.get("action")).add("resource", all.get("resource"))
                .add("allowed", all.get("allowed")).add("denyCodes", all.get("denyCodes")).add("scope", all.get("scope")).build();
    }

    /**
     * The observation an audit entry records: present for an {@code authorization} entry whose details carry
     * a {@value #MEMBER} object; empty for other entries.
     *
     * @throws IllegalArgumentException naming what is wrong when the {@value #MEMBER} member is malformed
     */
    public static Optional<Observation> fromAuditEntry(AuditEntry e) {
        Objects.requireNonNull(e, "entry");
        if (!TYPE.equals(e.type())) return Optional.empty();
        JsonObject details;
        try {
            details = Jsonp.PROVIDER.createReader(new StringReader(e.details())).readObject();
        } catch (JsonException | IllegalStateException x) {
            return Optional.empty();
        }
        JsonValue g = details.get(MEMBER);
        if (g == null) return Optional.empty();
        if (g.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new IllegalArgumentException("audit entry " + e.seq() + ": details." + MEMBER + " must be an object");
        }
        JsonObject full = Jsonp.PROVIDER.createObjectBuilder(g.asJsonObject()).add("seq", e.seq()).add("at", e.time().toString())
                .add("agent", e.subject()).build();
        try {
            return Optional.of(Observation.fromJson(full));
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException("audit entry " + e.seq() + ": " + x.getMessage());
        }
    }

    /** Replays entries (in seq order; entries of other types are skipped) through a fresh guard; the verdicts in order. */
    public static List<Verdict> replay(GuardConfig config, Iterable<AuditEntry> entries) {
        Guard g = new Guard(config);
        List<Verdict> out = new ArrayList<>();
        for (AuditEntry e : entries) fromAuditEntry(e).ifPresent(o -> out.add(g.observe(o)));
        return out;
    }
}
