package dev.mandate.cli;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.spi.JsonProvider;
import com.nimbusds.jose.jwk.JWK;
import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.keystore.EncryptedKeyStore;
import dev.mandate.did.keystore.EncryptedKeyStoreException;
import dev.mandate.did.keystore.StoredKey;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mandate key ...}: keys in the encrypted key store. */
@Command(name = "key", mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Generate, list, import, export, rename and delete the keys in the encrypted key store, and change its passphrase.",
        subcommands = {KeyCommand.Generate.class, KeyCommand.ListKeys.class, KeyCommand.Import.class, KeyCommand.Export.class,
                KeyAdminCommands.Rename.class, KeyAdminCommands.Delete.class, KeyAdminCommands.Passwd.class},
        footerHeading = "%nExamples:%n",
        footer = {"  export MANDATE_KEYSTORE=$HOME/.mandate/keystore",
                "  mandate key generate --type Ed25519 --name org",
                "  mandate key list",
                "  mandate key export --name org"})
public final class KeyCommand extends MandateSubcommand {
    /** The JSON-P provider, looked up once ({@code Json.createX} looks it up on every call, which is slow). */
    private static final JsonProvider JSON = Jsonp.PROVIDER;

    /** Largest JWK file read by {@code key import}. */
    static final int MAX_JWK_FILE = 64 * 1024;

    /** Key types accepted by {@code --type}, as the user writes them. */
    static final String TYPES = Arrays.stream(KeyType.values()).map(KeyType::curve).collect(Collectors.joining(", "));

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (generate, list, import, export, rename, delete, passwd)");
    }

    /** The JSON description of a stored key; the private JWK only if {@code includePrivate}. */
    static JsonObjectBuilder describe(StoredKey key, KeyMaterial km, boolean includePrivate) {
        PublicKeyValue pub = km.publicKey();
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("name", key.name())
                .add("type", km.keyType().curve())
                .add("created", key.created().toString())
                .add("publicKeyMultibase", pub.toMultikey())
                .add("publicKeyJwk", JsonOutput.fromMap(pub.toJwk().toJSONObject()));
        if (includePrivate) {
            b.add("privateKeyJwk", JsonOutput.fromMap(km.toJwk(true).toJSONObject()));
            b.add("secretKeyMultibase", km.secretKeyMultikey());
        }
        return b;
    }

    /** Rebuilds the key material of a stored key (the key store may have been written by another tool). */
    public static KeyMaterial material(KeyStoreAccess access, StoredKey key) {
        try {
            return KeyMaterial.fromJwk(key.jwk());
        } catch (DecodingException e) {
            throw CliException.usage(access.path().toString(), "key '" + key.name() + "' is not a valid key: " + e.getMessage(),
                    "remove it or restore the key store from a backup", e);
        }
    }

    static void requireValidName(String name) {
        if (!EncryptedKeyStore.isValidName(name)) {
            throw CliException.usage("--name " + CliException.shorten(name), "invalid key name",
                    "use 1 to 64 characters from A-Z a-z 0-9 . _ -");
        }
    }

    /** Loads a key by name (exit 1 if the key store or the key does not exist). */
    public static StoredKey load(KeyStoreAccess access, String name) {
        requireValidName(name);
        EncryptedKeyStore store = access.store();
        if (!store.exists()) {
            throw CliException.negative(access.path().toString(), "no key store here",
                    "create a key with 'mandate key generate', or point --keystore or " + CliEnvironment.KEYSTORE_VAR
                            + " at your key store");
        }
        char[] pass = access.passphrase(false);
        try {
            return store.find(pass, name).orElseThrow(() -> CliException.negative(name,
                    "no such key in key store " + access.path(), "list the keys with 'mandate key list'"));
        } catch (EncryptedKeyStoreException e) {
            throw access.translate(e);
        } finally {
            Arrays.fill(pass, '\0');
        }
    }

    /** Stores {@code km} under {@code name} (creating the key store if needed). */
    public static StoredKey add(KeyStoreAccess access, String name, KeyMaterial km) {
        EncryptedKeyStore store = access.store();
        char[] pass = access.passphrase(!store.exists());
        try {
            return store.add(pass, name, km.toJwk(true));
        } catch (EncryptedKeyStoreException e) {
            throw access.translate(e);
        } finally {
            Arrays.fill(pass, '\0');
        }
    }

    /** {@code mandate key generate}. */
    @Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Generate a key pair and store it, encrypted, under NAME.",
                    "Creates the key store (asking for a new passphrase) if it does not exist.",
                    "Prints the new key's public parts as JSON."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate key generate --type Ed25519 --name org",
                    "  MANDATE_PASSPHRASE=... mandate key generate --type P-256 --name agent --keystore ./agent.keystore"})
    public static final class Generate extends MandateSubcommand {
        @Option(names = "--type", required = true, paramLabel = "TYPE",
                description = "Key type: Ed25519, P-256, P-384 or secp256k1.")
        String type;

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "Name of the new key: 1 to 64 characters from A-Z a-z 0-9 . _ -")
        String name;

        @Override
        public Integer call() {
            KeyType keyType = KeyType.fromName(type).orElseThrow(() -> CliException.usage("--type " + CliException.shorten(type),
                    "unknown key type", "use one of " + TYPES));
            requireValidName(name);
            KeyStoreAccess access = keyStore();
            KeyMaterial km = KeyMaterial.generate(keyType);
            StoredKey stored = add(access, name, km);
            printJson(describe(stored, km, false).add("keystore", access.path().toString()).build());
            return ExitCode.OK;
        }
    }

    /** {@code mandate key list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "List the keys in the key store (names, types, public keys) as JSON.",
            footerHeading = "%nExamples:%n",
            footer = {"  mandate key list", "  mandate key list --pretty --keystore ./agent.keystore"})
    public static final class ListKeys extends MandateSubcommand {
        @Override
        public Integer call() {
            KeyStoreAccess access = keyStore();
            EncryptedKeyStore store = access.store();
            if (!store.exists()) {
                throw CliException.negative(access.path().toString(), "no key store here",
                        "create a key with 'mandate key generate', or point --keystore or " + CliEnvironment.KEYSTORE_VAR
                                + " at your key store");
            }
            char[] pass = access.passphrase(false);
            List<StoredKey> keys;
            try {
                keys = store.list(pass);
            } catch (EncryptedKeyStoreException e) {
                throw access.translate(e);
            } finally {
                Arrays.fill(pass, '\0');
            }
            JsonArrayBuilder arr = JSON.createArrayBuilder();
            for (StoredKey k : keys) {
                arr.add(describe(k, material(access, k), false));
            }
            printJson(JSON.createObjectBuilder().add("keystore", access.path().toString()).add("keys", arr).build());
            return ExitCode.OK;
        }
    }

    /** {@code mandate key import}. */
    @Command(name = "import", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Import a private JWK (OKP Ed25519, or EC P-256, P-384, secp256k1, with 'd') under NAME.",
                    "The public members must match the private key. Prints the key's public parts as JSON."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate key import --name partner --jwk partner-private.jwk.json",
                    "  cat key.jwk | mandate key import --name partner --jwk -"})
    public static final class Import extends MandateSubcommand {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Name for the imported key.")
        String name;

        @Option(names = "--jwk", required = true, paramLabel = "FILE", description = "File with the private JWK ('-' for stdin).")
        String jwkFile;

        @Override
        public Integer call() {
            requireValidName(name);
            String text = readJwk();
            JWK jwk;
            try {
                jwk = JWK.parse(text);
            } catch (ParseException | RuntimeException e) {
                throw CliException.usage(jwkFile, "not a JWK (" + e.getMessage() + ")", "give a JSON Web Key (RFC 7517) file", e);
            }
            if (!jwk.isPrivate()) {
                throw CliException.usage(jwkFile, "the JWK has no private part 'd'",
                        "import a private JWK: the key store keeps keys to sign with");
            }
            KeyMaterial km;
            try {
                km = KeyMaterial.fromJwk(jwk);
            } catch (DecodingException e) {
                throw CliException.usage(jwkFile, e.getMessage(), "use a private Ed25519, P-256, P-384 or secp256k1 JWK", e);
            }
            KeyStoreAccess access = keyStore();
            StoredKey stored = add(access, name, km);
            printJson(describe(stored, km, false).add("keystore", access.path().toString()).build());
            return ExitCode.OK;
        }

        private String readJwk() {
            byte[] bytes;
            try (InputStream in = "-".equals(jwkFile) ? environment().in() : Files.newInputStream(environment().resolve(Path.of(jwkFile)))) {
                bytes = in.readNBytes(MAX_JWK_FILE + 1);
            } catch (IOException | RuntimeException e) {
                throw CliException.usage(jwkFile, "cannot read the JWK file (" + CliException.describeIo(e) + ")",
                        "check the path given to --jwk", e);
            }
            try {
                if (bytes.length > MAX_JWK_FILE) {
                    throw CliException.usage(jwkFile, "larger than " + MAX_JWK_FILE + " bytes, too large for a JWK",
                            "give a file holding one JWK");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    /** {@code mandate key export}. */
    @Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Print a key as JSON: public JWK and Multikey (publicKeyMultibase).",
                    "With --private, also the private JWK and secret-key Multikey: handle that output with care."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate key export --name org",
                    "  mandate key export --name org --jwk",
                    "  mandate key export --name org --private --jwk > org-private.jwk"})
    public static final class Export extends MandateSubcommand {
        /** {@code -o/--output FILE}. */
        @picocli.CommandLine.Mixin(name = dev.mandate.cli.OutputOption.NAME)
        dev.mandate.cli.OutputOption outputFile;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The key to export.")
        String name;

        @Option(names = "--private", description = "Also print the private key.")
        boolean includePrivate;

        @Option(names = "--jwk", description = "Print only the JWK (the private JWK with --private), e.g. for 'key import'.")
        boolean jwkOnly;

        @Override
        public Integer call() {
            KeyStoreAccess access = keyStore();
            StoredKey key = load(access, name);
            KeyMaterial km = material(access, key);
            if (includePrivate) {
                outputFile.secret();
                if (outputFile.file().isEmpty()) {
                    note("mandate: warning: the output contains the private key '" + name + "'");
                }
            }
            if (jwkOnly) {
                printJson(JsonOutput.fromMap(km.toJwk(includePrivate).toJSONObject()));
            } else {
                printJson(describe(key, km, includePrivate).build());
            }
            return ExitCode.OK;
        }
    }
}
