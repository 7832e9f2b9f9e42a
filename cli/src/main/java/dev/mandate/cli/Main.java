package dev.mandate.cli;

/** {@code java -jar mandate.jar ...}: runs the CLI in the real environment and exits with its code. */
public final class Main {
    private Main() {
    }

    /** The process entry point. */
    public static void main(String[] args) {
        // java.util.logging (the audit writer, the guard's alerts) on one line each, like the CLI's own messages:
        // "mandate: WARNING dev.mandate.guard: guard suspended ...", unless the user configured a format
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "mandate: %4$s %3$s: %5$s%6$s%n");
        }
        System.exit(Mandate.run(CliEnvironment.system(), args));
    }
}
