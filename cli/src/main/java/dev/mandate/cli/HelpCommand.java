package dev.mandate.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mandate help [COMMAND [SUBCOMMAND...]]}: the usage help of the named command, following the whole path
 * ({@code mandate help key generate} is {@code mandate key generate --help}). An unknown name is exit 2 naming it.
 */
@Command(name = "help", helpCommand = true,
        description = "Print the help of a command, e.g. 'mandate help key generate' (the same as 'mandate key generate --help').",
        synopsisHeading = "%nUsage: ", customSynopsis = "mandate help [COMMAND [SUBCOMMAND...]]")
public final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command and subcommands to show the help of.")
    List<String> path = new ArrayList<>();

    private CommandLine self;
    private CommandLine.Help.ColorScheme colors;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        List<String> walked = new ArrayList<>();
        for (String name : path) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                String where = walked.isEmpty() ? "mandate" : "mandate " + String.join(" ", walked);
                throw new CommandLine.ParameterException(self, "'" + CliException.shorten(name) + "' is not a command of " + where
                        + " (commands: " + String.join(", ", target.getSubcommands().keySet()) + ")");
            }
            walked.add(name);
            target = next;
        }
        target.usage(target.getOut(), colors);
        target.getOut().flush();
    }
}
