package dev.mandate.vc.verifier;

import dev.mandate.vc.verifier.status.EntryStatus;
import dev.mandate.vc.verifier.status.ListCredentialVerifier;
import dev.mandate.vc.verifier.status.StatusCheckResult;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.StatusCheck;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The status stage of the {@link Verifier} pipeline: a credential's {@code credentialStatus} entries, read from the
 * verified view through the verifier's {@link StatusChecker}, and the outcome as the result reports it.
 *
 * @param checker the status checker; null when the verifier has none
 * @param ignore  true when the verifier was told to ignore {@code credentialStatus}
 */
record StatusStage(StatusChecker checker, boolean ignore) {

    /** {@return whether this stage reads the status of {@code view}} */
    boolean applies(JsonObject view) {
        return !ignore && view.containsKey("credentialStatus");
    }

    /**
     * Checks the entries; null when there is no checker or the credential already failed (a missing checker is a
     * problem added here; a failed credential fetches nothing).
     *
     * @param lists verifies a fetched list credential through the pipeline
     */
    StatusChecker.Reading read(JsonObject view, String issuer, List<Problem> problems, ListCredentialVerifier lists) {
        if (checker == null) {
            problems.add(new Problem(ErrorType.STATUS_RETRIEVAL_ERROR, "the credential has a credentialStatus but this verifier"
                    + " has no status checker, so its revocation/suspension status could not be checked", "/credentialStatus"));
            return null;
        }
        if (!problems.isEmpty()) {
            return null; // do not fetch anything for a credential that already failed
        }
        return checker.read(view, issuer, lists);
    }

    /** {@return whether a check now would give {@code reading} again (see {@link StatusChecker#current})} */
    boolean current(StatusChecker.Reading reading) {
        return checker != null && checker.current(reading);
    }

    /** {@return the reading's entries as the result reports them}; adds its problems, and "status" when it passed */
    static List<StatusCheck> outcome(StatusChecker.Reading reading, List<String> checks, List<Problem> problems) {
        if (reading == null) {
            return List.of();
        }
        StatusCheckResult r = reading.result();
        if (r.ok()) {
            checks.add("status");
        }
        problems.addAll(r.problems());
        List<StatusCheck> out = new ArrayList<>(r.entries().size());
        for (EntryStatus e : r.entries()) {
            out.add(new StatusCheck(e.entry().statusListCredential(), e.entry().index(), e.entry().purpose().jsonName(), e.value(),
                    e.source(), e.valid()));
        }
        return out;
    }
}
