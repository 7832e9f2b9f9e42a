package dev.mandate.cli;

import java.util.Objects;

/**
 * A failure a command reports to the person at the terminal: an exit code and one line on stderr,
 * {@code mandate: <input>: <what is wrong>; <what to do>}.
 *
 * <p>Commands throw it; {@link ErrorHandler} prints it and returns its exit code. The stack trace is
 * printed only with {@code --verbose}.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_INPUT_LENGTH = 200;

    private final int exitCode;
    private final String input;
    private final String problem;
    private final String remedy;

    /**
     * Creates a CLI failure.
     *
     * @param exitCode one of {@link ExitCode}
     * @param input    the input that was wrong (an argument, a file, a DID, a key name)
     * @param problem  what is wrong with it
     * @param remedy   what the person can do about it
     * @param cause    the underlying exception (shown with {@code --verbose}), or null
     */
    public CliException(int exitCode, String input, String problem, String remedy, Throwable cause) {
        super(format(input, problem, remedy), cause);
        if (exitCode < ExitCode.NEGATIVE || exitCode > ExitCode.DEPENDENCY) {
            throw new IllegalArgumentException("exit code must be 1, 2 or 3: " + exitCode);
        }
        this.exitCode = exitCode;
        this.input = sanitize(Objects.requireNonNull(input, "input"));
        this.problem = sanitize(Objects.requireNonNull(problem, "problem"));
        this.remedy = sanitize(Objects.requireNonNull(remedy, "remedy"));
    }

    /** Creates a CLI failure without a cause. */
    public CliException(int exitCode, String input, String problem, String remedy) {
        this(exitCode, input, problem, remedy, null);
    }

    /** Exit code 1: a negative answer (not found, not verified). */
    public static CliException negative(String input, String problem, String remedy) {
        return new CliException(ExitCode.NEGATIVE, input, problem, remedy);
    }

    /** Exit code 2: bad usage or malformed input. */
    public static CliException usage(String input, String problem, String remedy) {
        return new CliException(ExitCode.USAGE, input, problem, remedy);
    }

    /** Exit code 2 with a cause. */
    public static CliException usage(String input, String problem, String remedy, Throwable cause) {
        return new CliException(ExitCode.USAGE, input, problem, remedy, cause);
    }

    /** Exit code 3: a dependency (network, resolver, store) failed. */
    public static CliException dependency(String input, String problem, String remedy, Throwable cause) {
        return new CliException(ExitCode.DEPENDENCY, input, problem, remedy, cause);
    }

    /** The process exit code. */
    public int exitCode() {
        return exitCode;
    }

    /** The input the message is about. */
    public String input() {
        return input;
    }

    /** What is wrong. */
    public String problem() {
        return problem;
    }

    /** What to do. */
    public String remedy() {
        return remedy;
    }

    /** The full stderr line, {@code mandate: <input>: <problem>; <remedy>}. */
    public String line() {
        return getMessage();
    }

    static String format(String input, String problem, String remedy) {
        StringBuilder b = new StringBuilder("mandate: ");
        String in = sanitize(input == null ? "" : input);
        if (!in.isEmpty()) {
            b.append(in).append(": ");
        }
        b.append(sanitize(problem == null ? "" : problem));
        String r = sanitize(remedy == null ? "" : remedy);
        if (!r.isEmpty()) {
            b.append("; ").append(r);
        }
        return b.toString();
    }

    /**
     * Makes untrusted text safe for one terminal line: control characters become {@code ?}, and very long
     * input is cut.
     */
    public static String sanitize(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_INPUT_LENGTH + 3));
        int count = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (count++ >= MAX_INPUT_LENGTH * 3) {
                b.append("...");
                break;
            }
            b.appendCodePoint(Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029 || cp == 0x202e ? '?' : cp);
        }
        return b.toString();
    }

    /** A short human description of why a file could not be read or written (no class names). */
    public static String describeIo(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        } else if (e instanceof java.nio.file.FileSystemException && e.getMessage() != null
                && e.getMessage().contains("directory")) {
            return "is a directory";
        } else if (e instanceof java.io.IOException && e.getMessage() != null && e.getMessage().contains("directory")) {
            return "is a directory";
        }
        return e.getMessage() == null ? "I/O error" : sanitize(e.getMessage());
    }

    /** Cuts an echoed input (a DID, a file name) to a readable length. */
    public static String shorten(String input) {
        String s = sanitize(input);
        return s.length() <= MAX_INPUT_LENGTH ? s : s.substring(0, MAX_INPUT_LENGTH) + "...";
    }
}
