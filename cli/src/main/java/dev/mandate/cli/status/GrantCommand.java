package dev.mandate.cli.status;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.cli.CliException;
import dev.mandate.cli.ExitCode;
import dev.mandate.cli.KeyCommand;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.VersionProvider;
import dev.mandate.cli.vc.Signing;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.registry.GrantService;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.StatusUpdate;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.proof.ProofException;
import jakarta.json.JsonArrayBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code mandate grant}: just-in-time, task-scoped capability credentials. */
@Command(name = "grant", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Issue a just-in-time grant: an AgentCapabilityCredential for one task, valid for --ttl, with a revocation",
                "entry tied to the task. 'mandate grant complete --task ID' revokes every grant of the task at once.",
                "Prints the signed credential."},
        subcommands = GrantCommand.Complete.class,
        footerHeading = "%nExamples:%n",
        footer = {"  mandate grant --key org --agent did:key:z6Mk... --action read --resource https://db.example/reports --ttl 3s --task report-42",
                "  mandate grant --key org --agent did:key:z6Mk... --action write --resource s3://bucket/out --ttl 30s --task report-42 --single-use",
                "  mandate grant complete --task report-42"})
public final class GrantCommand extends MandateSubcommand {
    @Option(names = "--agent", paramLabel = "DID", description = "The agent (credential subject).")
    String agent;
    @Option(names = "--action", paramLabel = "ACTION", description = "The granted action, e.g. read.")
    String action;
    @Option(names = "--resource", paramLabel = "RESOURCE", description = "What the action applies to (URL or name).")
    String resource;
    @Option(names = "--ttl", paramLabel = "DURATION", description = "Validity: validUntil = now + DURATION (1s .. 1d; e.g. 3s, 5m).")
    String ttl;
    @Option(names = "--task", paramLabel = "ID", description = "The task the grant serves.")
    String task;
    @Option(names = "--single-use", description = "The grant may be used once (the relying party records the first use).")
    boolean singleUse;
    @Option(names = "--key", paramLabel = "NAME", description = "Issuer's signing key in the key store.")
    String key;
    @Option(names = "--issuer", paramLabel = "DID", description = "Issuer DID (default: the key's did:key).")
    String issuer;
    @Option(names = "--suite", paramLabel = "CRYPTOSUITE", description = "Cryptosuite (default by key type).")
    String suite;
    @Mixin
    StoreOption storeOption;

    @Override
    public Integer call() {
        List<String> missing = new ArrayList<>();
        if (agent == null) missing.add("--agent");
        if (action == null) missing.add("--action");
        if (resource == null) missing.add("--resource");
        if (ttl == null) missing.add("--ttl");
        if (task == null) missing.add("--task");
        if (key == null) missing.add("--key");
        if (!missing.isEmpty()) {
            throw CliException.usage("mandate grant", "missing " + String.join(", ", missing),
                    "see 'mandate grant --help' (or use 'mandate grant complete --task ID')");
        }
        dev.mandate.cli.DidArguments.require("--agent", agent, "paste the agent's full DID");
        dev.mandate.cli.DidArguments.optional("--issuer", issuer, "pass the issuer's full DID, or omit --issuer to use the key's did:key");
        Duration d = dev.mandate.cli.Durations.parse("--ttl", ttl);
        KeyMaterial km = KeyCommand.material(keyStore(), KeyCommand.load(keyStore(), key));
        Signing s = Signing.of(km, Optional.ofNullable(issuer), Optional.empty(), Optional.ofNullable(suite), "--issuer");
        try (Store store = storeOption.open(environment())) {
            StatusService status = new StatusService(store, storeOption.statusBase(environment()), s.issuerKey(), new Issuer());
            GrantService grants = new GrantService(status, Clock.systemUTC());
            printJson(grants.issue(new GrantService.Request(agent, action, resource, d, task, singleUse)).credential());
            return ExitCode.OK;
        } catch (StoreException e) {
            throw StoreOption.translate(e, "--task " + CliException.shorten(task));
        } catch (ProofException e) {
            throw CliException.usage("mandate grant", e.getMessage(), "check --key, --issuer and --suite", e);
        }
    }

    /** {@code mandate grant complete}. */
    @Command(name = "complete", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Complete a task: revoke every grant issued for it, in one transaction; the task accepts no new grant.",
                    "Prints {task, revoked, credentials[]}."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate grant complete --task report-42"})
    public static final class Complete extends MandateSubcommand {
        @Option(names = "--task", required = true, paramLabel = "ID", description = "The task to complete.")
        String task;
        @Option(names = "--by", paramLabel = "WHO", description = "Who completes it, recorded in the audit log (default: operator).")
        String by = "operator";
        @Mixin
        StoreOption storeOption;

        @Override
        public Integer call() {
            try (Store store = storeOption.open(environment())) {
                List<StatusUpdate> revoked = store.completeTask(task, by);
                JsonArrayBuilder ids = Jsonp.PROVIDER.createArrayBuilder();
                revoked.forEach(u -> ids.add(u.entry().credentialId()));
                printJson(Jsonp.PROVIDER.createObjectBuilder().add("task", task).add("revoked", revoked.size()).add("credentials", ids).build());
                return ExitCode.OK;
            } catch (StoreException e) {
                throw StoreOption.translate(e, "--task " + CliException.shorten(task));
            }
        }
    }
}
