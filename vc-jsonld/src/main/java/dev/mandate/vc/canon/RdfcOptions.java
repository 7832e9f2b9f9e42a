package dev.mandate.vc.canon;

import dev.mandate.vc.jsonld.ContextRegistry;

import java.util.Objects;

/**
 * Options of {@link Rdfc}: which contexts may be loaded, safe mode, the RDFC-1.0 hash algorithm and the
 * bound on canonicalization work. Immutable; start from {@link #defaults()} and use the {@code with...}
 * methods.
 *
 * @param contexts      the only JSON-LD contexts that may be loaded (default: the bundled ones)
 * @param safeMode      reject input that JSON-LD would silently drop (undefined terms, relative IRIs) with
 *                      {@code DATA_LOSS_DETECTION_ERROR}, as Data Integrity requires (default: true)
 * @param hashAlgorithm {@code SHA-256} (default) or {@code SHA-384}
 * @param workLimit     most calls of RDFC-1.0's Hash N-Degree Quads algorithm before canonicalization is
 *                      aborted with {@code LIMIT_EXCEEDED_ERROR}; stops "poison" datasets whose blank nodes
 *                      cannot be told apart cheaply. Default {@value #DEFAULT_WORK_LIMIT}.
 */
public record RdfcOptions(ContextRegistry contexts, boolean safeMode, String hashAlgorithm, int workLimit) {

    /** Default {@link #workLimit()}. */
    public static final int DEFAULT_WORK_LIMIT = 1024;

    private static final RdfcOptions DEFAULTS =
            new RdfcOptions(ContextRegistry.bundled(), true, "SHA-256", DEFAULT_WORK_LIMIT);

    /**
     * Checks the options.
     *
     * @param contexts      the contexts that may be loaded; not null
     * @param safeMode      whether input JSON-LD would drop is an error
     * @param hashAlgorithm {@code SHA-256} or {@code SHA-384}
     * @param workLimit     Hash N-Degree Quads call budget, 0 or more
     * @throws IllegalArgumentException for another hash algorithm or a negative work limit
     */
    public RdfcOptions {
        Objects.requireNonNull(contexts, "contexts");
        Objects.requireNonNull(hashAlgorithm, "hashAlgorithm");
        if (!hashAlgorithm.equals("SHA-256") && !hashAlgorithm.equals("SHA-384")) {
            throw new IllegalArgumentException("RDFC-1.0 hash algorithm must be SHA-256 or SHA-384, not " + hashAlgorithm);
        }
        if (workLimit < 0) {
            throw new IllegalArgumentException("workLimit must not be negative");
        }
    }

    /**
     * {@return the process's contexts ({@link ContextRegistry#processDefault()}, the bundled ones unless changed),
     * safe mode, SHA-256, the default work limit}
     */
    public static RdfcOptions defaults() {
        ContextRegistry contexts = ContextRegistry.processDefault();
        return contexts == DEFAULTS.contexts() ? DEFAULTS : DEFAULTS.withContexts(contexts);
    }

    /**
     * {@return these options with other contexts}
     *
     * @param contexts the only contexts that may be loaded; not null
     */
    public RdfcOptions withContexts(ContextRegistry contexts) {
        return new RdfcOptions(contexts, safeMode, hashAlgorithm, workLimit);
    }

    /**
     * {@return these options with safe mode on or off}
     *
     * @param safeMode true to refuse input that JSON-LD would silently drop
     */
    public RdfcOptions withSafeMode(boolean safeMode) {
        return new RdfcOptions(contexts, safeMode, hashAlgorithm, workLimit);
    }

    /**
     * {@return these options with another hash algorithm}
     *
     * @param hashAlgorithm {@code SHA-256} or {@code SHA-384}
     * @throws IllegalArgumentException for any other algorithm
     */
    public RdfcOptions withHashAlgorithm(String hashAlgorithm) {
        return new RdfcOptions(contexts, safeMode, hashAlgorithm, workLimit);
    }

    /**
     * {@return these options with another work limit}
     *
     * @param workLimit most Hash N-Degree Quads calls before canonicalization fails, 0 or more
     * @throws IllegalArgumentException if negative
     */
    public RdfcOptions withWorkLimit(int workLimit) {
        return new RdfcOptions(contexts, safeMode, hashAlgorithm, workLimit);
    }
}
