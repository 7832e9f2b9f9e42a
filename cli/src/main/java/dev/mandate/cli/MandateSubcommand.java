package dev.mandate.cli;

import dev.mandate.vc.jsonld.ContextRegistry;
import java.nio.file.Path;
import java.util.Optional;

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

    /**
     * Prints {@code value} as JSON on stdout (compact, or pretty with {@code --pretty}), or writes it to the
     * {@code -o/--output} file of a command that has the {@link OutputOption} mixin.
     */
    protected void printJson(JsonValue value) {
        Optional<OutputOption> o = outputOption();
        if (o.isPresent()) {
            o.get().write(environment(), JsonOutput.toString(value, root().pretty()));
            return;
        }
        JsonOutput.print(environment().out(), value, root().pretty());
    }

    /** Prints one line of text (a JWT, an SD-JWT) on stdout, or writes it to the {@code -o/--output} file. */
    protected void printText(String text) {
        Optional<OutputOption> o = outputOption();
        if (o.isPresent()) {
            o.get().write(environment(), text);
            return;
        }
        environment().out().println(text);
        environment().out().flush();
    }

    /** The command's {@code -o/--output} mixin, if it has one and the option was given. */
    protected Optional<OutputOption> outputOption() {
        Object mixin = spec.mixins().containsKey(OutputOption.NAME) ? spec.mixins().get(OutputOption.NAME).userObject() : null;
        return mixin instanceof OutputOption out && out.file().isPresent() ? Optional.of(out) : Optional.empty();
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

    /**
     * Makes the JSON-LD contexts of {@code --context-dir} / {@code MANDATE_CONTEXT_DIR} (plus the bundled
     * ones) those the RDFC cryptosuites use in this run; with neither, only the bundled contexts.
     */
    protected void useContexts() {
        Optional<Path> dir = root().contextDirOption().map(environment()::resolve)
                .or(() -> environment().variable(CONTEXT_DIR_VAR).map(v -> environment().resolve(Path.of(v))));
        if (dir.isEmpty()) {
            ContextRegistry.setProcessDefault(ContextRegistry.bundled());
            return;
        }
        try {
            ContextRegistry.setProcessDefault(ContextRegistry.bundled().toBuilder().registerDirectory(dir.get()).build());
        } catch (java.nio.file.NoSuchFileException e) {
            throw CliException.usage("--context-dir " + dir.get(), "no such file: " + e.getMessage(),
                    "give a folder with an index.json mapping each context URL to a .jsonld file in it", e);
        } catch (java.io.IOException | RuntimeException e) {
            throw CliException.usage("--context-dir " + dir.get(), e.getMessage() == null ? "cannot read the contexts" : e.getMessage(),
                    "give a folder with an index.json mapping each context URL to a .jsonld file in it", e);
        }
    }

    /** Environment variable naming a folder of extra JSON-LD contexts. */
    public static final String CONTEXT_DIR_VAR = "MANDATE_CONTEXT_DIR";

    /** The full command name, for example {@code mandate key generate}. */
    protected String commandName() {
        return spec.qualifiedName();
    }
}
