package dev.mandate.cli;

import picocli.CommandLine;

/** Builds and runs the {@code mandate} command line. */
public final class Mandate {
    private Mandate() {
    }

    /** A configured {@link CommandLine} for one run in {@code environment}. */
    public static CommandLine commandLine(CliEnvironment environment) {
        ErrorHandler handler = new ErrorHandler();
        CommandLine cl = new CommandLine(new MandateCommand(environment));
        cl.setOut(environment.out());
        cl.setErr(environment.err());
        cl.setExecutionExceptionHandler(handler);
        cl.setParameterExceptionHandler(handler);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        HelpLayout.install(cl);
        return cl;
    }

    /**
     * Runs {@code mandate args...} in {@code environment} and returns the exit code (see {@link ExitCode}).
     * Never throws for bad input.
     */
    public static int run(CliEnvironment environment, String... args) {
        int code = commandLine(environment).execute(args);
        environment.out().flush();
        environment.err().flush();
        return code;
    }
}
