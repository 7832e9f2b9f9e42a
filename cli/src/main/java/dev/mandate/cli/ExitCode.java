package dev.mandate.cli;

/**
 * The exit codes every {@code mandate} command uses.
 *
 * <ul>
 *   <li>{@link #OK} 0: success (or "verified").</li>
 *   <li>{@link #NEGATIVE} 1: a negative answer: not found, not verified.</li>
 *   <li>{@link #USAGE} 2: bad usage or malformed input (including a wrong passphrase).</li>
 *   <li>{@link #DEPENDENCY} 3: a dependency failed: network, resolver, key-store I/O.</li>
 * </ul>
 */
public final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** A negative answer: not found, not verified. */
    public static final int NEGATIVE = 1;
    /** Bad usage or malformed input. */
    public static final int USAGE = 2;
    /** A dependency failed (network, resolver, store). */
    public static final int DEPENDENCY = 3;

    private ExitCode() {
    }
}
