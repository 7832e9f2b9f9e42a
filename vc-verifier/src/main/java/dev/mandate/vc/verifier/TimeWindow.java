package dev.mandate.vc.verifier;

import dev.mandate.vc.model.Credential;
import dev.mandate.vc.verify.ValidityPeriod;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When the time checks of a verified Data Integrity credential pass, worked out once so that a recheck compares
 * instants instead of parsing dates: {@code proofs}, the instants every proof's {@code created} and {@code expires}
 * admit (the rule of {@link DataIntegrityAdapter#proofWindow}), and {@code validity}, the instants its validity
 * period admits (the rule of {@link ValidityPeriod#window}), empty when a date cannot be read. Clock skew included.
 *
 * @param proofs   the proofs' window; null when a proof is not an object (then no time is admitted)
 * @param validity the validity period's window, if known
 */
record TimeWindow(ValidityPeriod.Window proofs, Optional<ValidityPeriod.Window> validity) {

    /** {@return whether every proof admits {@code now}: else the proofs' outcome cannot be reused} */
    boolean proofsAdmit(Instant now) {
        return proofs != null && proofs.contains(now);
    }

    /** {@return whether the validity period is known to hold at {@code now} (false: check it)} */
    boolean validityAdmits(Instant now) {
        return validity.isPresent() && validity.get().contains(now);
    }

    /** {@return the window of {@code view} with {@code clockSkew}} */
    static TimeWindow of(JsonObject view, Duration clockSkew) {
        Optional<ValidityPeriod.Window> validity = ValidityPeriod.window(new Credential(view), clockSkew);
        Instant from = Instant.MIN;
        Instant until = Instant.MAX;
        JsonValue proof = view.get("proof");
        for (JsonValue p : proof instanceof JsonArray a ? a : proof == null ? List.<JsonValue>of() : List.of(proof)) {
            if (!(p instanceof JsonObject o)) {
                return new TimeWindow(null, validity);
            }
            ValidityPeriod.Window w = DataIntegrityAdapter.proofWindow(o, clockSkew);
            from = w.from().isAfter(from) ? w.from() : from;
            until = w.until().isBefore(until) ? w.until() : until;
        }
        return new TimeWindow(new ValidityPeriod.Window(from, until), validity);
    }
}
