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
import dev.mandate.guard.Observation;
import dev.mandate.guard.service.GuardReplay;
import dev.mandate.guard.sim.LabelledTraffic;
import dev.mandate.guard.sim.Models;
import dev.mandate.guard.sim.Scorecard;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import jakarta.json.JsonValue;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
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
        subcommands = {GuardCommand.Run.class, GuardCommand.Replay.class, GuardCommand.Baseline.class, GuardCommand.Config.class,
                GuardCommand.Evaluate.class, GuardCommand.Dismiss.class, GuardCommand.Enforce.class},
        footerHeading = "%nExamples:%n",
        footer = {"  mandate guard config > guard.json        # the defaults, to edit",
                "  mandate guard run --config guard.json \\",
                "      --webhook https://alerts.example/hooks/mandate",
                "  mandate guard replay                      # exit 1 if it differs",
                "  mandate guard baseline did:key:z6Mk...    # what it learned",
                "  mandate guard evaluate --model jobs --seeds 301,302"})
public final class GuardCommand extends MandateSubcommand {
    /** Environment variable with the webhook's bearer token. */
    public static final String WEBHOOK_TOKEN_VAR = "MANDATE_GUARD_WEBHOOK_TOKEN";

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (run, replay, baseline, config, evaluate, dismiss, enforce)");
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
            URI u = URI.create(url);
            Optional<String> token = env.variable(WEBHOOK_TOKEN_VAR);
            return Optional.of(token.isPresent() ? new Webhook(u, token.get()) : new Webhook(u));
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
                    "$" + WEBHOOK_TOKEN_VAR + ").",
                    "Several guards may run on one store: only the holder of the store's",
                    "guard lock acts (a PostgreSQL advisory lock, or a lock file next to a",
                    "SQLite file); the others read and take over within a poll or two when",
                    "it dies.",
                    "The leader checkpoints its baselines into the store every",
                    "--checkpoint-every entries and when it stops; a restart reads the newest",
                    "checkpoint that still matches the log and configuration, then only the",
                    "entries after it (one that does not match is ignored, with a warning)."},
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
        @Option(names = "--checkpoint-every", paramLabel = "ENTRIES", defaultValue = "" + GuardService.DEFAULT_CHECKPOINT_EVERY,
                description = "Checkpoint the baselines every this many log entries, and on stop (default ${DEFAULT-VALUE}; 0: never, and rebuild from the whole log on start).")
        long checkpointEvery;

        @Override
        public Integer call() throws InterruptedException {
            if (checkpointEvery < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--checkpoint-every must be 0 (off) or a positive number of entries, got " + checkpointEvery);
            }
            GuardConfig config = configOption.load(environment());
            Duration every = dev.mandate.cli.Durations.parse("--poll", poll);
            Optional<Webhook> hook = webhook(webhookUrl, environment());
            CountDownLatch stop = new CountDownLatch(1);
            try (Store store = storeOption.open(environment())) {
                // each alert is logged as one line on stderr (logger dev.mandate.guard), and posted to the webhook
                GuardService.Builder b = GuardService.builder(store, new Guard(config)).pollInterval(every).checkpointEvery(checkpointEvery)
                        .leadership(dev.mandate.guard.service.Leadership.forStore(storeOption.url(environment())));
                hook.ifPresent(b::alertAll);
                try (GuardService service = b.build().start()) {
                    note("mandate guard: watching " + storeOption.displayUrl(environment()) + " from entry " + service.position()
                            + (service.startedAt() > 0 ? " (baselines from the checkpoint at entry " + service.startedAt() + ")" : "")
                            + "; " + service.suspendedAgents().size() + " agent(s) suspended"
                            + (service.leading() ? "" : "; another guard acts on this store, standing by"));
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

    /** {@code mandate guard evaluate}. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Measure a guard configuration on labelled traffic: precision, recall and",
                    "detection delay per rule, per archetype and per misbehaviour.",
                    "Either generated by a traffic model (--model): 'archetypes' and 'jobs' are",
                    "written apart from the rules (working hours, nightly batches, on-call",
                    "silence, weekends, an API moving to /v2/) with the misbehaviours of issue 18",
                    "injected on day 10; 'generator' is the guard's own TrafficGenerator.",
                    "Or replayed from a store's audit log (--store, or $MANDATE_STORE with",
                    "--from-log) with --labels FILE saying which agents misbehaved from when:",
                    "{\"archetypes\": {DID: name}, \"injections\": [{\"agent\", \"name\", \"rule\",",
                    "\"from\"}]} (without labels every suspension counts as false).",
                    "Precision: right suspensions / all suspensions; recall: detected /",
                    "injected; delay: the agent's calls and the time from its first injected",
                    "call. A return from silence counts as detected by its alert."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate guard evaluate --model jobs --seeds 301,302,303,304,305 --agents 24",
                    "  mandate guard evaluate --model archetypes --seeds 21 --config stricter.json -v",
                    "  mandate guard evaluate --from-log --store jdbc:sqlite:copy.db --labels labels.json"})
    public static final class Evaluate extends MandateSubcommand {
        @Mixin
        StoreOption storeOption;
        @Mixin
        ConfigOption configOption;
        @Option(names = "--model", paramLabel = "NAME", defaultValue = "jobs",
                description = "Traffic model: archetypes, jobs or generator (default ${DEFAULT-VALUE}).")
        String model;
        @Option(names = "--seeds", paramLabel = "N,N,...", split = ",", defaultValue = "301",
                description = "Seeds, one run each (default ${DEFAULT-VALUE}).")
        List<Long> seeds;
        @Option(names = "--agents", paramLabel = "N", defaultValue = "24", description = "Agents per run (default ${DEFAULT-VALUE}).")
        int agents;
        @Option(names = "--days", paramLabel = "N", defaultValue = "14",
                description = "Days per run (default ${DEFAULT-VALUE}; misbehaviours need 14).")
        int days;
        @Option(names = "--from-log", description = "Replay the store's audit log instead of a model.")
        boolean fromLog;
        @Option(names = "--labels", paramLabel = "FILE", description = "With --from-log: who misbehaved from when (JSON, see above).")
        String labels;
        @Option(names = {"-v", "--verbose-runs"}, description = "Also list every false suspension, detection and miss.")
        boolean details;

        @Override
        public Integer call() {
            GuardConfig config = configOption.load(environment());
            if (agents < 1 || agents > 10_000) {
                throw CliException.usage("--agents " + agents, "must be between 1 and 10000", "pass a smaller number of agents");
            }
            if (days < 1 || days > 366) {
                throw CliException.usage("--days " + days, "must be between 1 and 366", "pass a number of days");
            }
            if (seeds.size() > 1000) {
                throw CliException.usage("--seeds", "at most 1000 seeds", "run fewer seeds at a time");
            }
            List<Scorecard> runs = new ArrayList<>();
            if (fromLog) {
                JsonObject l = labels == null ? JsonValue.EMPTY_JSON_OBJECT : Inputs.readObject(labels, environment());
                List<Observation> obs = new ArrayList<>();
                try (Store store = storeOption.open(environment())) {
                    AuditLog log = new AuditLog(store);
                    long size = log.size();
                    for (long from = 0; from < size; from += 1000) {
                        for (AuditEntry e : log.entries(from, 1000)) {
                            GuardService.observation(e).ifPresent(obs::add);
                        }
                    }
                } catch (StoreException e) {
                    throw StoreOption.translate(e, storeOption.displayUrl(environment()));
                }
                try {
                    runs.add(Scorecard.score(config, LabelledTraffic.fromLog(storeOption.displayUrl(environment()), obs, l)));
                } catch (IllegalArgumentException e) {
                    throw CliException.usage(labels == null ? "--labels" : labels, e.getMessage(), "fix the labels file");
                }
            } else {
                if (labels != null) {
                    throw CliException.usage("--labels", "labels go with --from-log", "add --from-log, or drop --labels");
                }
                try {
                    for (long seed : seeds) {
                        runs.add(Scorecard.score(config, Models.generate(model, seed, agents, days, config)));
                    }
                } catch (IllegalArgumentException e) {
                    throw CliException.usage("--model " + model, e.getMessage(), "pick one of " + String.join(", ", Models.NAMES));
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(Scorecard.tables(runs));
            if (details) {
                out.println();
                out.print(Scorecard.details(runs));
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /** {@code mandate guard dismiss}. */
    @Command(name = "dismiss", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Mark the guard's latest suspension of an agent as false.",
                    "Resumes the agent like 'mandate agent resume' (its credentials and its",
                    "registry entry), and appends an audited 'guard' entry 'dismiss' by --by;",
                    "every guard reading the log then folds the calls it held back into the",
                    "agent's baseline (its hours, resource families, volumes), so the same",
                    "behaviour does not suspend it again. In observe mode it dismisses a",
                    "would-suspend. Needs write access to the store (operators only); an",
                    "agent cannot dismiss its own suspension. Exit 1 if there is nothing to",
                    "dismiss."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate guard dismiss did:key:z6Mk... --by alice --reason 'sanctioned year-end export'"})
    public static final class Dismiss extends MandateSubcommand {
        @Mixin
        StoreOption storeOption;
        @Parameters(index = "0", paramLabel = "AGENT_DID", description = "The agent's DID.")
        String agent;
        @Option(names = "--by", required = true, paramLabel = "NAME", description = "The operator dismissing it (recorded in the audit log).")
        String by;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why the suspension was false.")
        String reason;

        @Override
        public Integer call() {
            try (Store store = storeOption.open(environment())) {
                List<String> reinstated = GuardService.dismiss(store, agent, by, reason);
                var ids = jakarta.json.Json.createArrayBuilder();
                reinstated.forEach(ids::add);
                printJson(jakarta.json.Json.createObjectBuilder().add("agent", agent).add("dismissedBy", by).add("reinstatedCredentials", ids).build());
                return ExitCode.OK;
            } catch (IllegalArgumentException e) {
                throw CliException.negative(CliException.shorten(agent), e.getMessage(), "check the DID and 'mandate guard replay' for its suspensions");
            } catch (dev.mandate.registry.agents.AgentException e) {
                throw CliException.negative(CliException.shorten(agent), e.getMessage(), "check the agent with 'mandate agent show'");
            } catch (StoreException e) {
                throw StoreOption.translate(e, storeOption.displayUrl(environment()));
            }
        }
    }

    /** {@code mandate guard enforce}. */
    @Command(name = "enforce", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"End the guard's observe (shadow) mode now.",
                    "With \"enforcement\": {\"mode\": \"observe\"} the guard only alerts",
                    "(agent.would-suspend) for its first observeFor, or until this command",
                    "appends an audited 'guard' entry 'enforce'; from that entry on every guard",
                    "reading the log suspends (and a replay does the same)."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate guard enforce --by alice --reason 'two weeks of shadow mode reviewed'"})
    public static final class Enforce extends MandateSubcommand {
        @Mixin
        StoreOption storeOption;
        @Option(names = "--by", required = true, paramLabel = "NAME", description = "The operator (recorded in the audit log).")
        String by;
        @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Why.")
        String reason;

        @Override
        public Integer call() {
            try (Store store = storeOption.open(environment())) {
                var e = GuardService.enforce(store, by, reason);
                note("mandate guard: enforcing from audit entry " + e.seq());
                return ExitCode.OK;
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--by " + by, e.getMessage(), "pass your own name");
            } catch (StoreException e) {
                throw StoreOption.translate(e, storeOption.displayUrl(environment()));
            }
        }
    }
}
