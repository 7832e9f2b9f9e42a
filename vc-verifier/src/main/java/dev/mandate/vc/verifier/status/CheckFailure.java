package dev.mandate.vc.verifier.status;

import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;

/** A status check of one entry that ended with one problem (no stack trace: it is an outcome, not a bug). */
final class CheckFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    CheckFailure(ErrorType type, String message, String path) {
        super(message, null, false, false);
        this.problem = new Problem(type, message, path);
    }

    /** {@return the problem} */
    Problem problem() {
        return problem;
    }
}
