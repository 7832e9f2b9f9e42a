package dev.mandate.did.keystore;

import com.nimbusds.jose.crypto.PasswordBasedDecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.OctetKeyPair;
import dev.mandate.did.keystore.EncryptedKeyStoreException.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.ParseException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Named private keys kept in one passphrase-encrypted file.
 *
 * <p>The file holds a single compact JWE (RFC 7516): {@code alg} {@code PBES2-HS512+A256KW}
 * (RFC 7518 §4.8, PBKDF2-HMAC-SHA-512 with a 16-byte random salt and {@value #DEFAULT_ITERATION_COUNT}
 * iterations by default), {@code enc} {@code A256GCM}, {@code cty} {@code jwk-set+json}. The plaintext is a
 * JWK set (RFC 7517 §5) whose keys carry {@code kid} = the key's name, plus two extra members:
 * {@code "mandate-keystore": 1} (format version) and {@code "created": {name: ISO-8601 instant}}.
 *
 * <p>Every write re-reads the file under an exclusive lock ({@code <file>.lock}), writes a temporary
 * file in the same directory with mode 0600, fsyncs it, renames it atomically over the key store and
 * fsyncs the directory: a crash at any point leaves either the old or the new file, never a partial
 * one. A wrong passphrase or a damaged file raises {@link EncryptedKeyStoreException} and never changes the file.
 *
 * <p>Instances are cheap, immutable and thread-safe; every operation reads the file again, which costs one
 * PBKDF2 run. To sign repeatedly, {@link #unlock(char[]) unlock} once and take {@link dev.mandate.did.crypto.Signer}s
 * from the {@link KeyStoreSession}.
 */
public final class EncryptedKeyStore {
    /** PBKDF2 iteration count ({@code p2c}) for new writes: above OWASP's 2023 advice for PBKDF2-HMAC-SHA-512 (210,000). */
    public static final int DEFAULT_ITERATION_COUNT = 600_000;
    /** The lowest iteration count accepted for writing and reading (for fast tests only). */
    public static final int MIN_ITERATION_COUNT = 1_000;
    /** The highest iteration count accepted when reading (bounds the work a planted file can cause). */
    public static final int MAX_ITERATION_COUNT = PasswordBasedDecrypter.MAX_ALLOWED_ITERATION_COUNT;
    /** PBES2 salt length in bytes. */
    public static final int SALT_LENGTH = 16;
    /** Largest key-store file read, in bytes. */
    public static final long MAX_FILE_SIZE = 16L * 1024 * 1024;
    /** Shortest passphrase accepted when a new key store is created. */
    public static final int MIN_NEW_PASSPHRASE_LENGTH = 8;
    /** Allowed key names. */
    public static final String NAME_REGEX = "[A-Za-z0-9._-]{1,64}";
    /** Value of the JWE {@code cty} header. */
    public static final String CONTENT_TYPE = "jwk-set+json";

    private static final Pattern NAME = Pattern.compile(NAME_REGEX);
    private static final Map<Path, Object> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final Path path;
    private final int iterationCount;
    private final Runnable beforeRename;

    private EncryptedKeyStore(Path path, int iterationCount, Runnable beforeRename) {
        this.path = path.toAbsolutePath().normalize();
        this.iterationCount = iterationCount;
        this.beforeRename = beforeRename;
    }

    /**
     * {@return a key store at {@code path} that writes with {@link #DEFAULT_ITERATION_COUNT}}
     *
     * @param path the key store file (created on the first write)
     */
    public static EncryptedKeyStore at(Path path) {
        return at(path, DEFAULT_ITERATION_COUNT);
    }

    /**
     * {@return a key store at {@code path} that writes with the given PBKDF2 iteration count} Anything below the
     * default weakens the protection of the file: use it only for tests.
     *
     * @param path           the key store file
     * @param iterationCount PBKDF2 iterations for files this store writes (reading uses the file's own count)
     * @throws IllegalArgumentException if {@code iterationCount} is outside
     *                                  [{@link #MIN_ITERATION_COUNT}, {@link #MAX_ITERATION_COUNT}]
     */
    public static EncryptedKeyStore at(Path path, int iterationCount) {
        return new EncryptedKeyStore(Objects.requireNonNull(path, "path"), checkIterations(iterationCount), () -> { });
    }

    /** Test hook: {@code beforeRename} runs after the temporary file is written and synced, before the rename. */
    static EncryptedKeyStore withHook(Path path, int iterationCount, Runnable beforeRename) {
        return new EncryptedKeyStore(path, checkIterations(iterationCount), beforeRename);
    }

    private static int checkIterations(int iterationCount) {
        if (iterationCount < MIN_ITERATION_COUNT || iterationCount > MAX_ITERATION_COUNT) {
            throw new IllegalArgumentException("iteration count must be in [" + MIN_ITERATION_COUNT + ", "
                    + MAX_ITERATION_COUNT + "]: " + iterationCount);
        }
        return iterationCount;
    }

    /**
     * {@return {@code ~/.mandate/keystore} for the current user ({@code ~} as {@link UserHome#get()}: {@code $HOME}
     * first)}
     */
    public static Path defaultPath() {
        return defaultPath(UserHome.get());
    }

    /**
     * {@code <home>/.mandate/keystore}.
     *
     * @param home the user's home directory
     * @return the default key store file
     */
    public static Path defaultPath(Path home) {
        return home.resolve(".mandate").resolve("keystore");
    }

    /**
     * {@return true if {@code name} matches {@value #NAME_REGEX}}
     *
     * @param name a key name; null gives false
     */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** {@return the absolute path of the key-store file} */
    public Path path() {
        return path;
    }

    /** {@return the PBKDF2 iteration count used for writes} */
    public int iterationCount() {
        return iterationCount;
    }

    /** {@return true if the key-store file exists} */
    public boolean exists() {
        return Files.exists(path);
    }

    /**
     * {@return all keys, in the order they were added}
     *
     * @param passphrase the key store passphrase (not kept)
     * @throws EncryptedKeyStoreException {@code STORE_NOT_FOUND}, {@code WRONG_PASSPHRASE_OR_CORRUPTED}, {@code CORRUPTED},
     *                           {@code IO_ERROR}
     */
    public List<StoredKey> list(char[] passphrase) throws EncryptedKeyStoreException {
        return List.copyOf(read(passphrase));
    }

    /**
     * Decrypts the key store once (one PBKDF2 run) and returns a session that hands out its keys and
     * {@link dev.mandate.did.crypto.Signer}s without the passphrase and without decrypting again.
     *
     * @param passphrase the key store passphrase (not kept)
     * @return an open session; close it to drop the decrypted keys
     * @throws EncryptedKeyStoreException as {@link #list(char[])}
     */
    public KeyStoreSession unlock(char[] passphrase) throws EncryptedKeyStoreException {
        return new KeyStoreSession(path, read(passphrase));
    }

    /**
     * {@return the key called {@code name}, if present}
     *
     * @param passphrase the key store passphrase
     * @param name       the key name
     * @throws EncryptedKeyStoreException as {@link #list(char[])}, or {@code INVALID_NAME}
     */
    public Optional<StoredKey> find(char[] passphrase, String name) throws EncryptedKeyStoreException {
        requireValidName(name);
        return read(passphrase).stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /**
     * {@return the key called {@code name}}
     *
     * @param passphrase the key store passphrase
     * @param name       the key name
     * @throws EncryptedKeyStoreException {@code KEY_NOT_FOUND} if absent, or as {@link #find(char[], String)}
     */
    public StoredKey get(char[] passphrase, String name) throws EncryptedKeyStoreException {
        return find(passphrase, name).orElseThrow(() -> new EncryptedKeyStoreException(Reason.KEY_NOT_FOUND, path,
                "no key named '" + name + "' in key store " + path));
    }

    /**
     * Adds a private key under {@code name}, creating the key store (and its directory, mode 0700) if it
     * does not exist. The stored JWK is {@code privateJwk} with {@code kid} set to {@code name}.
     *
     * @param passphrase the key store's passphrase (for a new store: at least
     *                   {@value #MIN_NEW_PASSPHRASE_LENGTH} characters)
     * @param name       the new key's name, {@value #NAME_REGEX}, not already used
     * @param privateJwk an EC (P-256, P-384, secp256k1) or OKP (Ed25519) JWK with its private member
     * @return the stored key
     * @throws EncryptedKeyStoreException {@code INVALID_NAME}, {@code DUPLICATE_NAME}, {@code INVALID_KEY},
     *                           {@code INVALID_PASSPHRASE}, or as {@link #list(char[])}
     */
    public StoredKey add(char[] passphrase, String name, JWK privateJwk) throws EncryptedKeyStoreException {
        requireValidName(name);
        JWK named = checkAndName(Objects.requireNonNull(privateJwk, "privateJwk"), name);
        return modify(passphrase, keys -> {
            for (StoredKey k : keys) {
                if (k.name().equals(name)) {
                    throw new EncryptedKeyStoreException(Reason.DUPLICATE_NAME, path,
                            "a key named '" + name + "' already exists in key store " + path);
                }
            }
            StoredKey added = new StoredKey(name, named, Instant.now().truncatedTo(ChronoUnit.SECONDS));
            keys.add(added);
            return added;
        });
    }

    /**
     * Removes the key called {@code name}.
     *
     * @param passphrase the key store passphrase
     * @param name       the key name
     * @return true if it was there and is now gone, false if there was no such key (the file is then unchanged)
     * @throws EncryptedKeyStoreException as {@link #find(char[], String)}
     */
    public boolean remove(char[] passphrase, String name) throws EncryptedKeyStoreException {
        requireValidName(name);
        if (!exists()) {
            throw notFound();
        }
        return modify(passphrase, keys -> keys.removeIf(k -> k.name().equals(name)));
    }

    /**
     * Renames the key {@code from} to {@code to} (its JWK's {@code kid} follows), keeping its creation time and
     * its place in the list. The file is rewritten atomically.
     *
     * @param passphrase the key store passphrase
     * @param from       the current name
     * @param to         the new name
     * @return the renamed key
     * @throws EncryptedKeyStoreException {@code KEY_NOT_FOUND} if there is no key {@code from}, {@code DUPLICATE_NAME} if
     *                           {@code to} is taken, {@code INVALID_NAME}, or as {@link #list(char[])}
     */
    public StoredKey rename(char[] passphrase, String from, String to) throws EncryptedKeyStoreException {
        requireValidName(from);
        requireValidName(to);
        if (!exists()) {
            throw notFound();
        }
        return modify(passphrase, passphrase, keys -> {
            int at = -1;
            for (int i = 0; i < keys.size(); i++) {
                if (keys.get(i).name().equals(to)) {
                    throw new EncryptedKeyStoreException(Reason.DUPLICATE_NAME, path, "a key named '" + to + "' already exists in key store " + path);
                }
                if (keys.get(i).name().equals(from)) {
                    at = i;
                }
            }
            if (at < 0) {
                throw new EncryptedKeyStoreException(Reason.KEY_NOT_FOUND, path, "no key named '" + from + "' in key store " + path);
            }
            StoredKey old = keys.get(at);
            StoredKey renamed = new StoredKey(to, checkAndName(old.jwk(), to), old.created());
            keys.set(at, renamed);
            return renamed;
        });
    }

    /**
     * Re-encrypts the key store under {@code newPassphrase} (with this instance's iteration count). The new file is
     * written next to the old one, synced and renamed over it, under the key store's lock: an interruption leaves
     * either the old file (old passphrase) or the new one (new passphrase), never a mix or nothing.
     *
     * @param oldPassphrase the current passphrase
     * @param newPassphrase the passphrase the file is re-encrypted with
     * @throws EncryptedKeyStoreException {@code WRONG_PASSPHRASE_OR_CORRUPTED} for a wrong {@code oldPassphrase},
     *                           {@code INVALID_PASSPHRASE} if the new one is shorter than {@value #MIN_NEW_PASSPHRASE_LENGTH}
     */
    public void changePassphrase(char[] oldPassphrase, char[] newPassphrase) throws EncryptedKeyStoreException {
        Objects.requireNonNull(newPassphrase, "newPassphrase");
        if (!exists()) {
            throw notFound();
        }
        if (newPassphrase.length < MIN_NEW_PASSPHRASE_LENGTH) {
            throw new EncryptedKeyStoreException(Reason.INVALID_PASSPHRASE, path, "the new passphrase must have at least "
                    + MIN_NEW_PASSPHRASE_LENGTH + " characters");
        }
        modify(oldPassphrase, newPassphrase, keys -> null);
    }

    // ---------------------------------------------------------------------------------------------
    // reading

    private List<StoredKey> read(char[] passphrase) throws EncryptedKeyStoreException {
        Objects.requireNonNull(passphrase, "passphrase");
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_SIZE) {
                throw new EncryptedKeyStoreException(Reason.CORRUPTED, path, "key store " + path + " is " + size
                        + " bytes, more than the " + MAX_FILE_SIZE + " a key store can be: not a Mandate key store");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw notFound();
        } catch (IOException e) {
            throw new EncryptedKeyStoreException(Reason.IO_ERROR, path, "cannot read key store " + path + ": " + describe(e), e);
        }
        return KeyFileFormat.decode(path, bytes, passphrase);
    }

    // ---------------------------------------------------------------------------------------------
    // writing

    @FunctionalInterface
    private interface Change<T> {
        T apply(List<StoredKey> keys) throws EncryptedKeyStoreException;
    }

    private <T> T modify(char[] passphrase, Change<T> change) throws EncryptedKeyStoreException {
        return modify(passphrase, passphrase, change);
    }

    /** Reads with {@code passphrase}, applies {@code change}, writes with {@code newPassphrase} (always, if it differs). */
    private <T> T modify(char[] passphrase, char[] newPassphrase, Change<T> change) throws EncryptedKeyStoreException {
        Objects.requireNonNull(passphrase, "passphrase");
        boolean rekey = !Arrays.equals(passphrase, newPassphrase);
        Path dir = path.getParent();
        try {
            KeyStoreFiles.createDirectory(dir);
        } catch (IOException e) {
            throw new EncryptedKeyStoreException(Reason.IO_ERROR, path, "cannot create directory " + dir + ": " + describe(e), e);
        }
        Object monitor = IN_PROCESS_LOCKS.computeIfAbsent(path, p -> new Object());
        synchronized (monitor) {
            Path lockFile = dir.resolve(path.getFileName() + ".lock");
            try (FileChannel lockChannel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE), KeyStoreFiles.ownerOnlyFile(dir));
                 FileLock lock = KeyStoreFiles.acquire(lockChannel, path)) {
                KeyStoreFiles.removeOrphanedTempFiles(path, dir);
                boolean isNew = !Files.exists(path);
                if (isNew && passphrase.length < MIN_NEW_PASSPHRASE_LENGTH) {
                    throw new EncryptedKeyStoreException(Reason.INVALID_PASSPHRASE, path, "the passphrase for new key store "
                            + path + " must have at least " + MIN_NEW_PASSPHRASE_LENGTH + " characters");
                }
                List<StoredKey> keys = isNew ? new ArrayList<>() : new ArrayList<>(read(passphrase));
                List<StoredKey> before = List.copyOf(keys);
                T result = change.apply(keys);
                if (isNew || rekey || !before.equals(keys)) {
                    KeyStoreFiles.writeAtomically(path, KeyFileFormat.encode(path, keys, newPassphrase, iterationCount), beforeRename);
                }
                return result;
            } catch (IOException e) {
                throw new EncryptedKeyStoreException(Reason.IO_ERROR, path, "cannot update key store " + path + ": " + describe(e), e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // helpers

    private JWK checkAndName(JWK jwk, String name) throws EncryptedKeyStoreException {
        if (!jwk.isPrivate()) {
            throw new EncryptedKeyStoreException(Reason.INVALID_KEY, path, "key '" + name
                    + "' has no private part: the key store keeps private keys only");
        }
        Curve crv;
        if (jwk instanceof ECKey) {
            crv = ((ECKey) jwk).getCurve();
        } else if (jwk instanceof OctetKeyPair) {
            crv = ((OctetKeyPair) jwk).getCurve();
        } else {
            throw new EncryptedKeyStoreException(Reason.INVALID_KEY, path, "key '" + name + "' has key type "
                    + jwk.getKeyType() + "; only EC and OKP keys are supported");
        }
        boolean supported = KeyType.EC.equals(jwk.getKeyType())
                ? Curve.P_256.equals(crv) || Curve.P_384.equals(crv) || Curve.SECP256K1.equals(crv)
                : Curve.Ed25519.equals(crv);
        if (!supported) {
            throw new EncryptedKeyStoreException(Reason.INVALID_KEY, path, "key '" + name + "' is on curve " + crv
                    + "; supported: Ed25519, P-256, P-384, secp256k1");
        }
        Map<String, Object> members = new LinkedHashMap<>(jwk.toJSONObject());
        members.put("kid", name);
        try {
            return JWK.parse(members);
        } catch (ParseException e) {
            throw new EncryptedKeyStoreException(Reason.INVALID_KEY, path, "key '" + name + "' is not a valid JWK: " + e.getMessage(), e);
        }
    }

    private void requireValidName(String name) throws EncryptedKeyStoreException {
        if (!isValidName(name)) {
            throw new EncryptedKeyStoreException(Reason.INVALID_NAME, path, "invalid key name '" + printable(name)
                    + "': use 1 to 64 characters from A-Z a-z 0-9 . _ -");
        }
    }

    private EncryptedKeyStoreException notFound() {
        return new EncryptedKeyStoreException(Reason.STORE_NOT_FOUND, path, "no key store at " + path);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(80).forEach(c -> b.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : "?"));
        return b.toString();
    }
}
