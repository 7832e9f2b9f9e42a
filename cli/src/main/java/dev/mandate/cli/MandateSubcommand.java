package dev.mandate.cli;

import jakarta.json.JsonValue;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every {@code mandate} subcommand: access to the global options, the environment, JSON
 * output and the key store.
 */
public abstract class MandateSubcommand implements Callable<Integer> {
    /** Injected by picocli. */
    @Spec
    protected CommandSpec spec;

    /** The top-level command, with the global options. */
    protected MandateCommand root() {
        return (MandateCommand) spec.root().userObject();
    }

    /** The environment of this run. */
    protected CliEnvironment environment() {
        return root().environment();
    }

    /** Prints {@code value} as JSON on stdout (compact, or pretty with {@code --pretty}). */
    protected void printJson(JsonValue value) {
        JsonOutput.print(environment().out(), value, root().pretty());
    }

    /** Writes a line for people on stderr (narration, warnings). */
    protected void note(String line) {
        environment().err().println(line);
        environment().err().flush();
    }

    /** The key store chosen by {@code --keystore}, {@code MANDATE_KEYSTORE} or the default path. */
    protected KeyStoreAccess keyStore() {
        return new KeyStoreAccess(root());
    }

    /** The full command name, for example {@code mandate key generate}. */
    protected String commandName() {
        return spec.qualifiedName();
    }
}
