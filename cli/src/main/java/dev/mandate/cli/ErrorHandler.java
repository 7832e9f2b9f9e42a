package dev.mandate.cli;

import dev.mandate.registry.Stores;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Implements the exit-code contract in one place: usage errors exit 2, {@link CliException}s exit
 * with their own code, anything unexpected exits 3. Each prints exactly one line on stderr (plus the
 * stack trace with {@code --verbose}). A database password in the line ({@code password=...} or
 * {@code //user:password@host}) is replaced by {@code ***}.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        String remedy = "see '" + name + " --help'";
        if (ex instanceof UnmatchedArgumentException) {
            List<String> suggestions = ((UnmatchedArgumentException) ex).getSuggestions();
            if (!suggestions.isEmpty()) {
                remedy = "did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size())))
                        + "? " + remedy;
            }
        }
        err.println(Stores.redact(CliException.format(name, firstLine(ex.getMessage()), remedy)));
        if (isVerbose(args)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        int code;
        if (ex instanceof CliException) {
            CliException c = (CliException) ex;
            err.println(Stores.redact(c.line()));
            code = c.exitCode();
        } else {
            err.println(Stores.redact(CliException.format(cmd.getCommandSpec().qualifiedName(),
                    "internal error: " + ex.getClass().getName() + (ex.getMessage() == null ? "" : ": " + firstLine(ex.getMessage())),
                    "rerun with --verbose and report it")));
            code = ExitCode.DEPENDENCY;
        }
        if (isVerbose(parseResult)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static boolean isVerbose(ParseResult pr) {
        CommandLine root = pr.commandSpec().root().commandLine();
        Object user = root.getCommand();
        return user instanceof MandateCommand && ((MandateCommand) user).verbose();
    }

    private static boolean isVerbose(String[] args) {
        return Arrays.asList(args).contains("--verbose");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
