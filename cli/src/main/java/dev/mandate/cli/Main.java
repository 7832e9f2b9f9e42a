package dev.mandate.cli;

/** {@code java -jar mandate.jar ...}: runs the CLI in the real environment and exits with its code. */
public final class Main {
    private Main() {
    }

    /** The process entry point. */
    public static void main(String[] args) {
        System.exit(Mandate.run(CliEnvironment.system(), args));
    }
}
