package dev.mandate.cli.guard;

import dev.mandate.cli.CliException;
import dev.mandate.cli.ExitCode;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.VersionProvider;
import dev.mandate.cli.status.StoreOption;
import dev.mandate.cli.vc.Inputs;
import dev.mandate.guard.Guard;
import dev.mandate.guard.GuardConfig;
import dev.mandate.guard.GuardConfigException;
import dev.mandate.guard.service.GuardReplay;
import dev.mandate.guard.service.GuardService;
import dev.mandate.guard.service.Webhook;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import jakarta.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** {@code mandate guard ...}: the behaviour guard over the audit log. */
@Command(name = "guard", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"The behaviour guard: learns each agent's normal calls from the",
                "authorization decisions in the audit log, scores every new decision with",
                "explainable rules, and suspends an agent that leaves its baseline: its",
                "credentials through the status list, its registry entry, an audit entry",
                "with the evidence, and an alert (log line, webhook).",
                "'mandate serve --guard' runs it inside the gateway; 'guard run' runs it",
                "beside gateways that share the store. Resume a suspended agent with",
                "'mandate agent resume'. Rules and settings: docs/guard.md."},
        subcommands = {GuardCommand.Run.class, GuardCommand.Replay.class, GuardCommand.Baseline.class, GuardCommand.Config.class},
        footerHeading = "%nExamples:%n",
        footer = {"  mandate guard config > guard.json        # the defaults, to edit",
                "  mandate guard run --config guard.json \\",
                "      --webhook https://alerts.example/hooks/mandate",
                "  mandate guard replay                      # exit 1 if it differs",
                "  mandate guard baseline did:key:z6Mk...    # what it learned"})
public final class GuardCommand extends MandateSubcommand {
    /** Environment variable with the webhook's bearer token. */
    public static final String WEBHOOK_TOKEN_VAR = "MANDATE_GUARD_WEBHOOK_TOKEN";

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (run, replay, baseline, config)");
    }

    /** {@code --config FILE}: the guard configuration (defaults when absent). */
    public static final class ConfigOption {
        @Option(names = "--config", paramLabel = "FILE", description = "Guard configuration (JSON; missing fields take the defaults of 'mandate guard config').")
        String file;

        /** The configuration in force. */
        public GuardConfig load(dev.mandate.cli.CliEnvironment env) {
            return file == null ? GuardConfig.defaults() : parse(file, Inputs.read(file, env));
        }
    }

    /** Parses a guard configuration file's text, as a one-line usage error when it is wrong. */
    public static GuardConfig parse(String name, String text) {
        try {
            JsonObject o = BoundedJson.parseObject(text, BoundedJson.Limits.DEFAULT.withMaxBytes(256 * 1024).withMaxDepth(8));
            return GuardConfig.fromJson(o);
        } catch (JsonInputException | GuardConfigException e) {
            throw CliException.usage(name, e.getMessage(), "fix the guard configuration (print the defaults with 'mandate guard config')");
        }
    }

    /** The webhook for {@code --webhook URL}, its token from {@value #WEBHOOK_TOKEN_VAR}. */
    public static Optional<Webhook> webhook(String url, dev.mandate.cli.CliEnvironment env) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Webhook(URI.create(url), env.variable(WEBHOOK_TOKEN_VAR)));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--webhook " + CliException.shorten(url), e.getMessage(), "pass an http(s) URL");
        }
    }

    /** {@code mandate guard run}. */
    @Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Run the guard over the store's audit log until SIGTERM or Ctrl-C.",
                    "It first reads the existing log to learn (without acting), then acts on",
                    "new authorization decisions as gateways append them. Alerts go to",
                    "stderr, one line each, and to --webhook as JSON (bearer token from",
                    "$" + WEBHOOK_TOKEN_VAR + ")."},
            footerHeading = "%nExamples:%n",
            footer = {"  export MANDATE_STORE=jdbc:postgresql://db/mandate?user=mandate",
                    "  mandate guard run --config guard.json",
                    "  mandate guard run --webhook https://alerts.example/hooks/mandate --poll 100ms"})
    public static final class Run extends MandateSubcommand {
        /** The guard of a 'guard run' in this JVM and the latch that stops it, for in-process tests. */
        record Running(GuardService service, CountDownLatch stop) {}

        static final java.util.concurrent.atomic.AtomicReference<Running> RUNNING = new java.util.concurrent.atomic.AtomicReference<>();

        @Mixin
        StoreOption storeOption;
        @Mixin
        ConfigOption configOption;
        @Option(names = "--webhook", paramLabel = "URL", description = "POST each alert as JSON to this URL.")
        String webhookUrl;
        @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "200ms", description = "How often to read new entries (default ${DEFAULT-VALUE}).")
        String poll;

        @Override
        public Integer call() throws InterruptedException {
            GuardConfig config = configOption.load(environment());
            Duration every = dev.mandate.cli.Durations.parse("--poll", poll);
            Optional<Webhook> hook = webhook(webhookUrl, environment());
            CountDownLatch stop = new CountDownLatch(1);
            try (Store store = storeOption.open(environment())) {
                // each alert is logged as one line on stderr (logger dev.mandate.guard), and posted to the webhook
                GuardService.Builder b = GuardService.builder(store, new Guard(config)).pollInterval(every);
                hook.ifPresent(b::alert);
                try (GuardService service = b.build().start()) {
                    note("mandate guard: watching " + storeOption.displayUrl(environment()) + " from entry " + service.position()
                            + "; " + service.suspendedAgents().size() + " agent(s) suspended");
                    Thread h = new Thread(stop::countDown, "mandate-guard-shutdown");
                    Runtime.getRuntime().addShutdownHook(h);
                    RUNNING.set(new Running(service, stop));
                    try {
                        stop.await();
                    } finally {
                        RUNNING.set(null);
                    }
                }
            } catch (StoreException e) {
                throw StoreOption.translate(e, storeOption.displayUrl(environment()));
            } finally {
                hook.ifPresent(Webhook::close);
            }
            return ExitCode.OK;
        }
    }

    /** {@code mandate guard replay}. */
    @Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Re-decide the whole audit log and compare with what was recorded.",
                    "Runs a fresh guard over the log without changing anything and compares",
                    "its suspensions with those the log records. Prints {entries, matches,",
                    "replayed, recorded}. Exit 0 when they match, 1 when they differ (another",
                    "configuration, or a log that was altered)."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate guard replay",
                    "  mandate guard replay --config stricter.json   # what it would have done"})
    public static final class Replay extends MandateSubcommand {
        @Mixin
        StoreOption storeOption;
        @Mixin
        ConfigOption configOption;

        @Override
        public Integer call() {
            GuardConfig config = configOption.load(environment());
            try (Store store = storeOption.open(environment())) {
                GuardReplay.Report r = GuardReplay.replay(store, config);
                printJson(r.toJson());
                note("mandate guard: replayed " + r.entries() + " entries: " + r.replayed().size() + " suspension(s) decided, "
                        + r.recorded().size() + " recorded" + (r.matches() ? " (identical)" : " (DIFFERENT)"));
                return r.matches() ? ExitCode.OK : ExitCode.NEGATIVE;
            } catch (StoreException e) {
                throw StoreOption.translate(e, storeOption.displayUrl(environment()));
            }
        }
    }

    /** {@code mandate guard baseline}. */
    @Command(name = "baseline", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Print what the guard has learned about one agent.",
                    "Replays the audit log and prints the agent's baseline: its calls,",
                    "resource families, rates, gaps, capabilities it never used, learning",
                    "state and current risk score. Exit 1 if the log has no decisions for it."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate guard baseline did:key:z6MkProcurement..."})
    public static final class Baseline extends MandateSubcommand {
        @Mixin
        StoreOption storeOption;
        @Mixin
        ConfigOption configOption;
        @Parameters(index = "0", paramLabel = "AGENT_DID", description = "The agent's DID.")
        String agent;

        @Override
        public Integer call() {
            GuardConfig config = configOption.load(environment());
            try (Store store = storeOption.open(environment())) {
                GuardReplay.Report r = GuardReplay.replay(store, config);
                var b = r.guard().baseline(agent);
                if (b.isEmpty()) {
                    throw CliException.negative(CliException.shorten(agent), "no authorization decisions for this agent in the audit log",
                            "check the DID, or that its gateway writes decisions to this store");
                }
                printJson(b.get().toJson());
                return ExitCode.OK;
            } catch (StoreException e) {
                throw StoreOption.translate(e, storeOption.displayUrl(environment()));
            }
        }
    }

    /** {@code mandate guard config}. */
    @Command(name = "config", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Print the guard configuration in force.",
                    "The defaults, or --config FILE checked and completed with them."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate guard config > guard.json", "  mandate guard config --config guard.json   # check a file"})
    public static final class Config extends MandateSubcommand {
        @Mixin
        ConfigOption configOption;

        @Override
        public Integer call() {
            printJson(configOption.load(environment()).toJson());
            return ExitCode.OK;
        }
    }
}
