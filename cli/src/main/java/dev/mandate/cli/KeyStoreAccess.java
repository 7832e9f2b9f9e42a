package dev.mandate.cli;

import dev.mandate.did.keystore.EncryptedKeyStore;
import dev.mandate.did.keystore.EncryptedKeyStoreException;
import dev.mandate.did.keystore.SecretFile;
import dev.mandate.did.keystore.SecretFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The key store of one run: which file (--keystore, MANDATE_KEYSTORE, ~/.mandate/keystore), which
 * passphrase (--passphrase-file, MANDATE_PASSPHRASE, a no-echo prompt), and the translation of
 * {@link EncryptedKeyStoreException} reasons to exit codes and one-line messages.
 */
public final class KeyStoreAccess {
    /** Largest passphrase file read. */
    static final int MAX_PASSPHRASE_FILE = 4096;

    private final MandateCommand root;
    private final Path path;

    KeyStoreAccess(MandateCommand root) {
        this.root = root;
        CliEnvironment env = root.environment();
        this.path = env.resolve(root.keystoreOption()
                .or(() -> env.variable(CliEnvironment.KEYSTORE_VAR).map(Path::of))
                .orElseGet(() -> EncryptedKeyStore.defaultPath(env.home())));
    }

    /** The key-store file. */
    public Path path() {
        return path;
    }

    /** The key store, writing with the environment's iteration count. */
    public EncryptedKeyStore store() {
        return EncryptedKeyStore.at(path, root.environment().keyStoreIterations());
    }

    /**
     * The passphrase for an operation. {@code creating} asks twice at an interactive prompt (a new key store).
     *
     * @throws CliException exit 2 if no passphrase can be had, the file is unreadable, or the two entries differ
     */
    public char[] passphrase(boolean creating) {
        Optional<Path> file = root.passphraseFileOption();
        if (file.isPresent()) {
            return readPassphraseFile(root.environment().resolve(file.get()));
        }
        Optional<String> env = root.environment().variable(CliEnvironment.PASSPHRASE_VAR);
        if (env.isPresent()) {
            return env.get().toCharArray();
        }
        PassphrasePrompt prompt = root.environment().prompt();
        String what = creating ? "New passphrase for key store " + path + ": " : "Passphrase for key store " + path + ": ";
        char[] first = prompt.read(what).orElseThrow(() -> CliException.usage(path.toString(),
                "no passphrase for the key store",
                "set " + CliEnvironment.PASSPHRASE_VAR + ", pass --passphrase-file FILE, or run in a terminal"));
        if (first.length == 0) {
            throw CliException.usage(path.toString(), "empty passphrase", "type the key store's passphrase");
        }
        if (creating) {
            char[] second = prompt.read("Repeat the passphrase: ").orElse(new char[0]);
            boolean same = Arrays.equals(first, second);
            Arrays.fill(second, '\0');
            if (!same) {
                Arrays.fill(first, '\0');
                throw CliException.usage(path.toString(), "the two passphrases differ", "run the command again");
            }
        }
        return first;
    }

    /** The first line of a passphrase file ({@link SecretFile}), refusals worded for the CLI. */
    char[] readPassphraseFile(Path file) {
        try {
            return SecretFile.firstLine(file, MAX_PASSPHRASE_FILE);
        } catch (SecretFileException e) {
            throw switch (e.reason()) {
                case UNREADABLE -> CliException.usage(file.toString(), "cannot read the passphrase file (" + CliException.describeIo(e.getCause()) + ")",
                        "check --passphrase-file", e.getCause());
                case TOO_LARGE -> CliException.usage(file.toString(), "passphrase file is larger than " + MAX_PASSPHRASE_FILE + " bytes",
                        "put only the passphrase on its first line");
                case NOT_UTF8 -> CliException.usage(file.toString(), "passphrase file is not UTF-8 text", "save it as UTF-8", e.getCause());
                case EMPTY -> CliException.usage(file.toString(), "the first line of the passphrase file is empty",
                        "put the passphrase on the first line");
            };
        }
    }

    /** Translates a key-store failure into the CLI's exit codes and message format. */
    public CliException translate(EncryptedKeyStoreException e) {
        String p = e.path().toString();
        switch (e.reason()) {
            case STORE_NOT_FOUND:
                return new CliException(ExitCode.NEGATIVE, p, "no key store here",
                        "create a key with 'mandate key generate', or point --keystore or "
                                + CliEnvironment.KEYSTORE_VAR + " at your key store", e);
            case KEY_NOT_FOUND:
                return new CliException(ExitCode.NEGATIVE, p, e.getMessage(), "list the keys with 'mandate key list'", e);
            case WRONG_PASSPHRASE_OR_CORRUPTED:
                return new CliException(ExitCode.USAGE, p, "wrong passphrase or corrupted key store",
                        "check " + CliEnvironment.PASSPHRASE_VAR + " or --passphrase-file (the file was not changed)", e);
            case CORRUPTED:
                return new CliException(ExitCode.USAGE, p, e.getMessage().replace(" " + p, ""),
                        "restore the key store from a backup (the file was not changed)", e);
            case INVALID_NAME:
                return new CliException(ExitCode.USAGE, "--name", e.getMessage(), "choose another name", e);
            case DUPLICATE_NAME:
                return new CliException(ExitCode.USAGE, "--name", e.getMessage(), "choose another name", e);
            case INVALID_KEY:
                return new CliException(ExitCode.USAGE, p, e.getMessage(), "use a private Ed25519, P-256, P-384 or secp256k1 key", e);
            case INVALID_PASSPHRASE:
                return new CliException(ExitCode.USAGE, p, e.getMessage(), "choose a longer passphrase", e);
            case IO_ERROR:
            default:
                return new CliException(ExitCode.DEPENDENCY, p, e.getMessage(), "check the file, its directory and free disk space", e);
        }
    }
}
