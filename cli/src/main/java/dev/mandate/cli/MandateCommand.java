package dev.mandate.cli;

import dev.mandate.cli.demo.DemoCommand;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code mandate} command. It holds the global options (which may be given before or
 * after any subcommand) and the {@link CliEnvironment}; subcommands reach both through
 * {@link MandateSubcommand}.
 */
@Command(name = "mandate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Decentralized identities (did:key, did:web, did:jwk) and verifiable credentials for AI agents.",
                "",
                "Data goes to stdout as JSON; errors go to stderr as one line:",
                "  mandate: <input>: <what is wrong>; <what to do>"},
        subcommands = {KeyCommand.class, DidCommand.class, dev.mandate.cli.vc.VcCommand.class, dev.mandate.cli.vc.VpCommand.class,
                dev.mandate.cli.cap.CapCommand.class, dev.mandate.cli.cap.RequestCommand.class, dev.mandate.cli.cap.AuthorizeCommand.class,
                dev.mandate.cli.status.StatusCommand.class, dev.mandate.cli.status.GrantCommand.class, dev.mandate.cli.audit.AuditCommand.class, dev.mandate.cli.agents.AgentCommand.class, dev.mandate.cli.guard.GuardCommand.class,
                dev.mandate.cli.a2a.A2aCommand.class,
                dev.mandate.cli.bench.BenchCommand.class, dev.mandate.cli.serve.ServeCommand.class, DemoCommand.class, VersionCommand.class, CompletionCommand.class, dev.mandate.cli.decode.DecodeCommand.class, HelpCommand.class},
        footerHeading = "%n",
        footer = {"Exit codes: 0 success, 1 negative answer (not found, not verified),",
                "2 bad usage or malformed input (including a wrong passphrase),",
                "3 a dependency failed (network, resolver, key-store I/O).",
                "",
                "Environment:",
                "  MANDATE_KEYSTORE    key-store file (default ~/.mandate/keystore)",
                "  MANDATE_PASSPHRASE  key-store passphrase (else --passphrase-file, else a prompt)",
                "  MANDATE_CONTEXT_DIR extra JSON-LD contexts: a folder with index.json mapping URL -> file",
                "  MANDATE_STORE       status store JDBC URL (default jdbc:sqlite:~/.mandate/mandate.db)",
                "  MANDATE_STATUS_URL  URL prefix status lists are served under",
                "  MANDATE_REDIS       Redis URL for state shared by instances (serve, authorize; default: none)",
                "",
                "Examples:",
                "  mandate demo",
                "  mandate serve --port 8080",
                "  mandate key generate --type Ed25519 --name agent",
                "  mandate did create --key agent --method key",
                "  mandate did resolve did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"})
public final class MandateCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    @Option(names = "--keystore", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Key-store file (default: $MANDATE_KEYSTORE, else ~/.mandate/keystore).")
    Path keystore;

    @Option(names = "--passphrase-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Read the key-store passphrase from the first line of FILE (default: $MANDATE_PASSPHRASE, else a prompt).")
    Path passphraseFile;

    @Option(names = "--context-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Also load the JSON-LD contexts listed in DIR/index.json ({\"URL\": \"file.jsonld\"}) (default: $MANDATE_CONTEXT_DIR; only bundled contexts otherwise).")
    Path contextDir;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On errors, also print the stack trace.")
    boolean verbose;

    @Option(names = "--pretty", scope = ScopeType.INHERIT,
            description = "Pretty-print JSON output (default: one compact line).")
    boolean pretty;

    /** Creates the command for one run in {@code environment}. */
    public MandateCommand(CliEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** The environment of this run. */
    public CliEnvironment environment() {
        return environment;
    }

    /** The {@code --keystore} option, if given. */
    public Optional<Path> keystoreOption() {
        return Optional.ofNullable(keystore);
    }

    /** The {@code --context-dir} option, if given. */
    public Optional<Path> contextDirOption() {
        return Optional.ofNullable(contextDir);
    }

    /** The {@code --passphrase-file} option, if given. */
    public Optional<Path> passphraseFileOption() {
        return Optional.ofNullable(passphraseFile);
    }

    /** True with {@code --verbose}. */
    public boolean verbose() {
        return verbose;
    }

    /** True with {@code --pretty}. */
    public boolean pretty() {
        return pretty;
    }

    /** {@code mandate} without a subcommand: usage on stderr, exit 2. */
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (key, did, demo)");
    }
}
