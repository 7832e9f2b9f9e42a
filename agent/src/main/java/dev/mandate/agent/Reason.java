package dev.mandate.agent;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.Objects;

/**
 * Why a chain or request was refused (or a note on a check that passed).
 *
 * @param code    a stable machine-readable code
 * @param message one line naming what was wrong
 * @param link    index of the chain link concerned (0 = root), or -1 when not about one link
 */
public record Reason(Code code, String message, int link) {
    /** Stable reason codes. */
    public enum Code {
        /** The request is missing a header or is malformed. */
        MALFORMED_REQUEST,
        /**
         * The request URL (or the intent's resource, which may also be an {@code mcp+http(s)} resource) is not an
         * absolute URL in the one canonical form (docs/capabilities.md, section 2): e.g. a matrix parameter, %25,
         * an encoded dot or slash, a dot segment.
         */
        URL_NOT_CANONICAL,
        /** The Authorization header has no Mandate proof. */
        PROOF_MISSING,
        /** The proof JWS is malformed, has the wrong type or algorithm, or its signature fails. */
        PROOF_INVALID,
        /** The proof's key is not the agent's (holder binding). */
        HOLDER_MISMATCH,
        /** The proof has expired, is not yet valid, or lives longer than allowed. */
        PROOF_EXPIRED,
        /** The proof's nonce was seen before. */
        REPLAY,
        /** The proof was made for another method, URL or body. */
        REQUEST_MISMATCH,
        /** The proof commits to another chain than the one sent. */
        CHAIN_DIGEST_MISMATCH,
        /** The chain is missing, empty, too long or malformed. */
        CHAIN_MALFORMED,
        /** A link failed credential verification (signature, validity, status, ...). */
        LINK_NOT_VERIFIED,
        /** The root issuer is not trusted for the resource. */
        UNTRUSTED_ISSUER,
        /** A link's issuer is not the previous link's subject, or its parent id or digest is wrong. */
        BROKEN_LINK,
        /** A link grants more than its parent (action, resource, constraint or validity). */
        ESCALATION,
        /** The chain is deeper than the root or the verifier allows. */
        DEPTH_EXCEEDED,
        /** A credential or agent appears twice in the chain. */
        CYCLE,
        /** The declared intent does not cover the request, or no capability covers the intent. */
        INTENT_MISMATCH,
        /** The HTTP method is not allowed by the capability. */
        METHOD_NOT_ALLOWED,
        /** The declared (signed) amount is in another currency than the capability's, or larger than its maxAmount. */
        AMOUNT_NOT_ALLOWED,
        /** The capability has maxAmount but the proof declares no amount (claims amt, cur). */
        AMOUNT_MISSING,
        /**
         * The body, the query or the Mandate-Amount header states an amount or currency other than the proof
         * declares, or states it in a form that cannot be compared.
         */
        AMOUNT_MISMATCH,
        /** The agent exceeded its rate per minute. */
        RATE_LIMITED,
        /** The request falls outside the capability's time-of-day window. */
        OUTSIDE_TIME_WINDOW,
        /** This verifier is not in the capability's audience. */
        AUDIENCE_MISMATCH,
        /** The replay cache is full; the request is refused rather than risk a replay. */
        REPLAY_CACHE_FULL,
        /**
         * The shared replay cache or rate limiter (Redis) could not be reached or did not answer in time; the
         * request is refused rather than checked against state of this process alone (an operational failure:
         * retry, and servers answer 503).
         */
        STATE_UNAVAILABLE,
        /**
         * A listener that must record every decision before it is answered ({@code DecisionListener.required()},
         * e.g. the durable audit log) could not record this one, so the request is refused whatever was decided
         * (an operational failure: retry, and servers answer 503).
         */
        AUDIT_UNAVAILABLE
    }

    /**
     * Validates.
     *
     * @param code    the code
     * @param message the one-line message
     * @param link    the link index, or -1
     * @throws NullPointerException if {@code code} or {@code message} is null
     */
    public Reason {
        Objects.requireNonNull(code);
        Objects.requireNonNull(message);
    }

    /**
     * A reason not about one link.
     *
     * @param code    the code
     * @param message one line naming what was wrong
     * @return the reason, with link -1
     */
    public static Reason of(Code code, String message) { return new Reason(code, message, -1); }

    /**
     * A reason about one link of the chain.
     *
     * @param code    the code
     * @param i       the link's index, 0 = root
     * @param message one line naming what was wrong; it is prefixed with "link i: "
     * @return the reason
     */
    public static Reason atLink(Code code, int i, String message) { return new Reason(code, "link " + i + ": " + message, i); }

    /** {@return the reason as JSON: {@code code}, {@code message} and, when about one link, {@code link}} */
    public JsonObject toJson() {
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder().add("code", code.name()).add("message", message);
        if (link >= 0) b.add("link", link);
        return b.build();
    }

    @Override public String toString() { return code + ": " + message; }
}
