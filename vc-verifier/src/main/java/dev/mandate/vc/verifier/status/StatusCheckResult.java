package dev.mandate.vc.verifier.status;

import dev.mandate.vc.verify.Problem;

import java.util.List;

/**
 * The outcome of checking a credential's status entries.
 *
 * @param entries  the entries whose status could be read, in order
 * @param problems why the credential's status is unacceptable or could not be checked; empty when fine
 */
public record StatusCheckResult(List<EntryStatus> entries, List<Problem> problems) {
    /**
     * Copies both lists.
     *
     * @param entries  the entries read
     * @param problems the problems found
     */
    public StatusCheckResult {
        entries = List.copyOf(entries);
        problems = List.copyOf(problems);
    }

    /** {@return true when every entry was read and none is revoked or suspended} */
    public boolean ok() {
        return problems.isEmpty();
    }
}
