package dev.mandate.registry.audit;

import dev.mandate.registry.StoreException;
import dev.mandate.vc.jcs.Jcs;
import dev.mandate.vc.jcs.JcsException;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@link AuditLog} accepts before it writes anything: the entry type is a lower-case token, actor and subject
 * (and a tree head's key id) are at most {@link AuditLog#MAX_FIELD_CHARS} characters of well-formed text without
 * NUL, and the details canonicalize (JCS) to at most {@link AuditLog#MAX_DETAILS_CHARS} characters. Every refusal is
 * a {@link StoreException} INVALID on one line.
 */
final class EntryChecks {
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

    private EntryChecks() {
    }

    /** The details' canonical text, once the entry's fields passed the checks. */
    static String canonical(String type, String actor, String subject, JsonObject details) throws StoreException {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw invalid("audit entry type must be a lower-case token like 'issuance', got " + shorten(type));
        }
        field("actor", actor);
        field("subject", subject);
        Objects.requireNonNull(details, "details");
        String canonical;
        try {
            canonical = Jcs.canonicalize(details);
        } catch (JcsException e) {
            throw invalid("audit entry details cannot be canonicalized: " + e.getMessage());
        }
        if (canonical.length() > AuditLog.MAX_DETAILS_CHARS) {
            throw invalid("audit entry details exceed " + AuditLog.MAX_DETAILS_CHARS + " characters");
        }
        return canonical;
    }

    /** Each draft's canonical details, in order; the refusal names the first bad draft. */
    static List<String> canonicalAll(List<AuditDraft> drafts) throws StoreException {
        List<String> canonical = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            AuditDraft d = drafts.get(i);
            try {
                canonical.add(canonical(d.type(), d.actor(), d.subject(), d.details()));
            } catch (StoreException e) {
                throw invalid("audit draft " + i + ": " + e.getMessage());
            }
        }
        return canonical;
    }

    /** Refuses a missing or too long value, a NUL character and a lone surrogate in the field {@code name}. */
    static void field(String name, String value) throws StoreException {
        if (value == null || value.length() > AuditLog.MAX_FIELD_CHARS) {
            throw invalid("audit entry " + name + " is missing or longer than " + AuditLog.MAX_FIELD_CHARS + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == 0) {
                throw invalid("audit entry " + name + " holds a NUL character");
            }
            if (Character.isSurrogate(ch)) {
                if (Character.isHighSurrogate(ch) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw invalid("audit entry " + name + " holds a lone surrogate");
            }
        }
    }

    static StoreException invalid(String message) {
        return new StoreException(StoreException.Reason.INVALID, message);
    }

    private static String shorten(String s) {
        return s == null ? "null" : s.length() > 40 ? "'" + s.substring(0, 40) + "...'" : "'" + s + "'";
    }
}
