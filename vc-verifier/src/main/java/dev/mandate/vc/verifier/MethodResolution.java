package dev.mandate.vc.verifier;

import dev.mandate.vc.verify.Problem;

/** The outcome of resolving a verification method: found, or a problem saying why not. */
public sealed interface MethodResolution {
    /** The method resolved. */
    record Found(ResolvedMethod method) implements MethodResolution {
    }

    /** It did not; the problem says whether it is invalid or a dependency failed. */
    record Failed(Problem problem) implements MethodResolution {
    }
}
