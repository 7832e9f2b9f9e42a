package dev.mandate.cli.status;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.cli.ExitCode;
import dev.mandate.cli.CliException;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.VersionProvider;
import dev.mandate.registry.GrantRecord;
import dev.mandate.registry.StatusEntryRecord;
import dev.mandate.registry.StatusUpdate;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.vc.status.StatusPurpose;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Optional;

/** {@code mandate status ...}: revoke, suspend, reinstate and show credentials in the status store. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Change or show a credential's status (Bitstring Status List) in the status store.",
                "Changes are transactional and take effect in the published list at once (verifiers see them after their cache ttl,",
                "or immediately when subscribed to the server's change stream)."},
        subcommands = {StatusCommand.Revoke.class, StatusCommand.Suspend.class, StatusCommand.Reinstate.class, StatusCommand.Show.class},
        footerHeading = "%nExamples:%n",
        footer = {"  mandate status show urn:uuid:6f1c2b9e-3d4a-4c8e-9b7f-2a1d5e8c0b34",
                "  mandate status suspend urn:uuid:6f1c2b9e-3d4a-4c8e-9b7f-2a1d5e8c0b34",
                "  mandate status reinstate urn:uuid:6f1c2b9e-3d4a-4c8e-9b7f-2a1d5e8c0b34",
                "  mandate status revoke --store jdbc:postgresql://db/mandate?user=mandate urn:uuid:6f1c2b9e-3d4a-4c8e-9b7f-2a1d5e8c0b34"})
public final class StatusCommand extends MandateSubcommand {
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (revoke, suspend, reinstate, show)");
    }

    /** Shared by the three changing subcommands. */
    abstract static class Change extends MandateSubcommand {
        @Mixin
        StoreOption storeOption;
        @Parameters(index = "0", paramLabel = "CREDENTIAL_ID", description = "The credential's id.")
        String credentialId;
        @Option(names = "--by", paramLabel = "WHO", description = "Who makes the change, recorded in the audit log (default: operator).")
        String by = "operator";

        abstract StatusUpdate apply(Store store, String id) throws StoreException;

        @Override
        public Integer call() {
            try (Store store = storeOption.open(environment())) {
                StatusUpdate u = apply(store, credentialId);
                printJson(updateJson(u, storeOption.statusBase(environment())));
                return ExitCode.OK;
            } catch (StoreException e) {
                throw StoreOption.translate(e, CliException.shorten(credentialId));
            }
        }
    }

    /** {@code mandate status revoke}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Revoke a credential for good (sets its revocation bit; cannot be undone).",
            footerHeading = "%nExamples:%n",
            footer = {"  mandate status revoke urn:uuid:6f1c2b9e-3d4a-4c8e-9b7f-2a1d5e8c0b34",
                    "  MANDATE_STORE=jdbc:postgresql://db/mandate?user=mandate mandate status revoke urn:uuid:6f1c2b9e-3d4a-4c8e-9b7f-2a1d5e8c0b34"})
    public static final class Revoke extends Change {
        @Override
        StatusUpdate apply(Store store, String id) throws StoreException { return store.setStatus(id, StatusPurpose.REVOCATION, 1, by); }
    }

    /** {@code mandate status suspend}. */
    @Command(name = "suspend", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Suspend a credential (sets its suspension bit; undo with reinstate).",
            footerHeading = "%nExamples:%n",
            footer = {"  mandate status suspend urn:uuid:6f1c2b9e-3d4a-4c8e-9b7f-2a1d5e8c0b34",
                    "  MANDATE_STORE=jdbc:postgresql://db/mandate?user=mandate mandate status suspend urn:uuid:6f1c2b9e-3d4a-4c8e-9b7f-2a1d5e8c0b34"})
    public static final class Suspend extends Change {
        @Override
        StatusUpdate apply(Store store, String id) throws StoreException { return store.setStatus(id, StatusPurpose.SUSPENSION, 1, by); }
    }

    /** {@code mandate status reinstate}. */
    @Command(name = "reinstate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Lift a credential's suspension (clears its suspension bit).",
                    "A revoked credential stays revoked: reinstating it is refused (exit 2) and changes nothing."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate status reinstate urn:uuid:6f1c2b9e-3d4a-4c8e-9b7f-2a1d5e8c0b34",
                    "  MANDATE_STORE=jdbc:postgresql://db/mandate?user=mandate mandate status reinstate urn:uuid:6f1c2b9e-3d4a-4c8e-9b7f-2a1d5e8c0b34"})
    public static final class Reinstate extends Change {
        @Override
        StatusUpdate apply(Store store, String id) throws StoreException {
            if (store.entries(id).stream().anyMatch(e -> e.purpose() == StatusPurpose.REVOCATION && e.value() != 0)) {
                throw CliException.usage(CliException.shorten(id), "the credential is revoked, and a revocation cannot be undone",
                        "issue a new credential (for a registered agent: 'mandate agent rotate-key' re-issues its credentials)");
            }
            return store.setStatus(id, StatusPurpose.SUSPENSION, 0, by);
        }
    }

    /** {@code mandate status show}. */
    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Print a credential's status entries and overall status (active, suspended or revoked).",
                    "Exit 1 if the store has no entry for the credential."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate status show urn:uuid:6f1c2b9e-3d4a-4c8e-9b7f-2a1d5e8c0b34",
                    "  mandate status show --store jdbc:sqlite:/var/lib/mandate/mandate.db urn:uuid:6f1c2b9e-3d4a-4c8e-9b7f-2a1d5e8c0b34"})
    public static final class Show extends MandateSubcommand {
        @Mixin
        StoreOption storeOption;
        @Parameters(index = "0", paramLabel = "CREDENTIAL_ID", description = "The credential's id.")
        String credentialId;

        @Override
        public Integer call() {
            try (Store store = storeOption.open(environment())) {
                List<StatusEntryRecord> entries = store.entries(credentialId);
                if (entries.isEmpty()) {
                    throw CliException.negative(CliException.shorten(credentialId), "the status store has no entry for this credential",
                            "check the id, or the --store the credential was issued with");
                }
                String base = storeOption.statusBase(environment());
                boolean revoked = entries.stream().anyMatch(e -> e.purpose() == StatusPurpose.REVOCATION && e.value() != 0);
                boolean suspended = entries.stream().anyMatch(e -> e.purpose() == StatusPurpose.SUSPENSION && e.value() != 0);
                JsonArrayBuilder a = Jsonp.PROVIDER.createArrayBuilder();
                entries.forEach(e -> a.add(entryJson(e, base)));
                JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder()
                        .add("credentialId", credentialId)
                        .add("status", revoked ? "revoked" : suspended ? "suspended" : "active")
                        .add("entries", a);
                Optional<GrantRecord> g = store.grant(credentialId);
                g.ifPresent(gr -> b.add("grant", Jsonp.PROVIDER.createObjectBuilder().add("task", gr.taskId()).add("agent", gr.agent())
                        .add("action", gr.action()).add("resource", gr.resource()).add("singleUse", gr.singleUse())
                        .add("validUntil", gr.validUntil().toString())));
                printJson(b.build());
                return ExitCode.OK;
            } catch (StoreException e) {
                throw StoreOption.translate(e, CliException.shorten(credentialId));
            }
        }
    }

    static JsonObject entryJson(StatusEntryRecord e, String base) {
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder()
                .add("statusPurpose", e.purpose().jsonName())
                .add("statusListCredential", base + e.listId())
                .add("statusListIndex", Integer.toString(e.index()))
                .add("value", e.value());
        e.task().ifPresent(t -> b.add("task", t));
        return b.build();
    }

    static JsonObject updateJson(StatusUpdate u, String base) {
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("credentialId", u.entry().credentialId())
                .add("statusPurpose", u.entry().purpose().jsonName())
                .add("statusListCredential", base + u.entry().listId())
                .add("statusListIndex", Integer.toString(u.entry().index()))
                .add("value", u.entry().value())
                .add("previousValue", u.oldValue())
                .add("changed", u.changed())
                .add("listVersion", u.listVersion())
                .build();
    }
}
