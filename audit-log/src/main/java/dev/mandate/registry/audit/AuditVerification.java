package dev.mandate.registry.audit;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;

import java.util.Optional;

/**
 * The outcome of checking the whole log against its signed tree heads.
 *
 * @param entries      entries read
 * @param headsChecked signed tree heads checked
 * @param finding      the first problem, or empty when the log is intact
 */
public record AuditVerification(long entries, int headsChecked, Optional<Finding> finding) {
    /** What went wrong. */
    public enum Kind {
        /** An entry's fields no longer hash to its leaf hash, or the leaves no longer give a signed root. */
        ALTERED,
        /** An entry is missing (a gap in seq, or fewer entries than a signed head covers). */
        REMOVED,
        /** An entry sits at another position than when it was appended. */
        REORDERED,
        /** A signed tree head's signature does not verify with the key. */
        BAD_SIGNATURE
    }

    /**
     * The first problem found.
     *
     * @param kind    what kind
     * @param seq     the first entry concerned (for BAD_SIGNATURE, the head's tree size)
     * @param message one line for people
     */
    public record Finding(Kind kind, long seq, String message) {}

    /** {@return true when nothing was found (no finding)} */
    public boolean intact() {
        return finding.isEmpty();
    }

    /**
     * Renders the outcome for tools and the HTTP API.
     *
     * @return {@code {intact, entries, signedTreeHeads, finding?: {kind, seq, message}}}, kind in lower case
     */
    public JsonObject toJson() {
        var b = Jsonp.PROVIDER.createObjectBuilder().add("intact", intact()).add("entries", entries).add("signedTreeHeads", headsChecked);
        finding.ifPresent(f -> b.add("finding", Jsonp.PROVIDER.createObjectBuilder()
                .add("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT)).add("seq", f.seq()).add("message", f.message())));
        return b.build();
    }
}
