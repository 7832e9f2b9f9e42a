package dev.mandate.cli;

import dev.mandate.did.keystore.EncryptedKeyStore;
import dev.mandate.did.keystore.EncryptedKeyStoreException;
import dev.mandate.did.keystore.StoredKey;
import dev.mandate.vc.json.Jsonp;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mandate key delete|rename|passwd}: looking after the keys already in the key store. */
final class KeyAdminCommands {
    /** Environment variable with the new passphrase for {@code key passwd}. */
    static final String NEW_PASSPHRASE_VAR = "MANDATE_NEW_PASSPHRASE";

    private KeyAdminCommands() {
    }

    private static EncryptedKeyStore existing(KeyStoreAccess access) {
        EncryptedKeyStore store = access.store();
        if (!store.exists()) {
            throw CliException.negative(access.path().toString(), "no key store here",
                    "point --keystore or " + CliEnvironment.KEYSTORE_VAR + " at your key store");
        }
        return store;
    }

    /** {@code mandate key delete}. */
    @Command(name = "delete", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Delete a key from the key store, for good.",
                    "Anything signed with it stays valid until it expires or is revoked; DIDs made from it can no longer sign.",
                    "Export it first (mandate key export --name NAME --private --jwk -o backup.jwk) if you may need it again.",
                    "Asks for no confirmation: --yes is required. Exit 1 if there is no such key."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate key delete --name old-agent --yes"})
    static final class Delete extends MandateSubcommand {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The key to delete.")
        String name;

        @Option(names = "--yes", description = "Confirm the deletion (required: a deleted key cannot be recovered).")
        boolean yes;

        @Override
        public Integer call() {
            KeyCommand.requireValidName(name);
            if (!yes) {
                throw CliException.usage("--name " + name, "deleting a key cannot be undone", "add --yes to confirm");
            }
            KeyStoreAccess access = keyStore();
            EncryptedKeyStore store = existing(access);
            char[] pass = access.passphrase(false);
            boolean removed;
            try {
                removed = store.remove(pass, name);
            } catch (EncryptedKeyStoreException e) {
                throw access.translate(e);
            } finally {
                Arrays.fill(pass, '\0');
            }
            if (!removed) {
                throw CliException.negative("--name " + name, "no such key in " + access.path(), "list the keys with 'mandate key list'");
            }
            printJson(Jsonp.PROVIDER.createObjectBuilder().add("deleted", name).add("keystore", access.path().toString()).build());
            return ExitCode.OK;
        }
    }

    /** {@code mandate key rename}. */
    @Command(name = "rename", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Rename a key in the key store (the key itself, its DIDs and what it signed do not change).",
                    "Configurations and scripts that name the key (--key, issuers[].key) must use the new name.",
                    "Exit 1 if there is no such key, 2 if the new name is taken or invalid."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate key rename --name agent --to procurement-agent"})
    static final class Rename extends MandateSubcommand {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The key's current name.")
        String name;

        @Option(names = "--to", required = true, paramLabel = "NEW_NAME", description = "Its new name (1 to 64 of A-Z a-z 0-9 . _ -).")
        String to;

        @Override
        public Integer call() {
            KeyCommand.requireValidName(name);
            if (!EncryptedKeyStore.isValidName(to)) {
                throw CliException.usage("--to " + CliException.shorten(to), "not a valid key name", "use 1 to 64 of A-Z a-z 0-9 . _ -");
            }
            KeyStoreAccess access = keyStore();
            EncryptedKeyStore store = existing(access);
            char[] pass = access.passphrase(false);
            StoredKey renamed;
            try {
                renamed = store.rename(pass, name, to);
            } catch (EncryptedKeyStoreException e) {
                if (e.reason() == EncryptedKeyStoreException.Reason.DUPLICATE_NAME) {
                    throw new CliException(ExitCode.USAGE, "--to " + to, "a key named '" + to + "' already exists", "choose another name", e);
                }
                throw access.translate(e);
            } finally {
                Arrays.fill(pass, '\0');
            }
            printJson(KeyCommand.describe(renamed, KeyCommand.material(access, renamed), false)
                    .add("renamedFrom", name).add("keystore", access.path().toString()).build());
            return ExitCode.OK;
        }
    }

    /** {@code mandate key passwd}. */
    @Command(name = "passwd", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Change the key store's passphrase: decrypt with the current one, re-encrypt every key with the new one.",
                    "The new file is written beside the old one and renamed over it under the key store's lock, so an",
                    "interruption leaves the old file (old passphrase) or the new one, never a broken one.",
                    "The current passphrase comes as usual (--passphrase-file, $MANDATE_PASSPHRASE, a prompt); the new one from",
                    "--new-passphrase-file, else $" + NEW_PASSPHRASE_VAR + ", else a prompt asked twice (at least 8 characters)."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate key passwd",
                    "  mandate key passwd --passphrase-file old.txt --new-passphrase-file new.txt"})
    static final class Passwd extends MandateSubcommand {
        @Option(names = "--new-passphrase-file", paramLabel = "FILE",
                description = "Read the new passphrase from the first line of FILE (default: $" + NEW_PASSPHRASE_VAR + ", else a prompt).")
        Path newPassphraseFile;

        @Override
        public Integer call() {
            KeyStoreAccess access = keyStore();
            EncryptedKeyStore store = existing(access);
            char[] old = access.passphrase(false);
            char[] fresh = null;
            try {
                fresh = newPassphrase(access);
                if (Arrays.equals(old, fresh)) {
                    throw CliException.usage(access.path().toString(), "the new passphrase is the current one", "choose a different passphrase");
                }
                store.changePassphrase(old, fresh);
            } catch (EncryptedKeyStoreException e) {
                if (e.reason() == EncryptedKeyStoreException.Reason.INVALID_PASSPHRASE) {
                    throw new CliException(ExitCode.USAGE, "new passphrase", e.getMessage().replace(" " + access.path(), ""),
                            "choose a longer passphrase (the key store was not changed)", e);
                }
                throw access.translate(e);
            } finally {
                Arrays.fill(old, '\0');
                if (fresh != null) {
                    Arrays.fill(fresh, '\0');
                }
            }
            note("mandate: the key store " + access.path() + " is now encrypted with the new passphrase; update "
                    + CliEnvironment.PASSPHRASE_VAR + " or your passphrase file");
            printJson(Jsonp.PROVIDER.createObjectBuilder().add("keystore", access.path().toString()).add("passphraseChanged", true).build());
            return ExitCode.OK;
        }

        private char[] newPassphrase(KeyStoreAccess access) {
            if (newPassphraseFile != null) {
                return access.readPassphraseFile(environment().resolve(newPassphraseFile));
            }
            Optional<String> env = environment().variable(NEW_PASSPHRASE_VAR);
            if (env.isPresent()) {
                return env.get().toCharArray();
            }
            PassphrasePrompt prompt = environment().prompt();
            char[] first = prompt.read("New passphrase for key store " + access.path() + ": ").orElseThrow(() -> CliException.usage(
                    "new passphrase", "no new passphrase given", "pass --new-passphrase-file FILE, set " + NEW_PASSPHRASE_VAR + ", or run in a terminal"));
            char[] second = prompt.read("Repeat the new passphrase: ").orElse(new char[0]);
            boolean same = Arrays.equals(first, second);
            Arrays.fill(second, '\0');
            if (!same) {
                Arrays.fill(first, '\0');
                throw CliException.usage("new passphrase", "the two entries differ", "run the command again (the key store was not changed)");
            }
            return first;
        }
    }
}
