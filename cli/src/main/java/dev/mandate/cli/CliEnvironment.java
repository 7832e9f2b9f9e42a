package dev.mandate.cli;

import dev.mandate.did.keystore.EncryptedKeyStore;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@code mandate} run takes from its surroundings, injectable for tests: environment
 * variables, the home directory, the standard streams, the passphrase prompt and the key-store
 * iteration count.
 *
 * @param workingDirectory   the directory relative paths (--keystore, --out, --jwk...) are resolved against
 * @param env                environment variables ({@code MANDATE_KEYSTORE}, {@code MANDATE_PASSPHRASE}, ...)
 * @param home               the user's home directory (for {@code ~/.mandate/keystore})
 * @param out                standard output: data (JSON) only
 * @param err                standard error: errors and narration for people
 * @param in                 standard input (for {@code --jwk -})
 * @param prompt             the no-echo passphrase prompt
 * @param keyStoreIterations PBKDF2 iterations for key-store writes ({@link EncryptedKeyStore#DEFAULT_ITERATION_COUNT}
 *                           except in tests)
 */
public record CliEnvironment(Path workingDirectory, Map<String, String> env, Path home, PrintWriter out, PrintWriter err, InputStream in,
                             PassphrasePrompt prompt, int keyStoreIterations) {
    /** Environment variable naming the key-store file. */
    public static final String KEYSTORE_VAR = "MANDATE_KEYSTORE";
    /** Environment variable holding the key-store passphrase. */
    public static final String PASSPHRASE_VAR = "MANDATE_PASSPHRASE";

    /** Checks that nothing is null. */
    public CliEnvironment {
        workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory").toAbsolutePath().normalize();
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(prompt, "prompt");
    }

    /**
     * JVM system property that lowers the PBKDF2 iteration count of key stores this process <em>writes</em>, for
     * test suites that run the real jar hundreds of times (the count is stored in each file, so reading is
     * unaffected). Values outside [{@link EncryptedKeyStore#MIN_ITERATION_COUNT},
     * {@link EncryptedKeyStore#DEFAULT_ITERATION_COUNT}] are ignored. Never set it for real key stores.
     */
    public static final String TEST_ITERATIONS_PROPERTY = "mandate.test.keyStoreIterations";

    /**
     * The real process environment, streams and terminal, with the default (strong) iteration count (or the
     * lower one a test asked for with {@link #TEST_ITERATIONS_PROPERTY}).
     *
     * @return the environment of this process
     */
    public static CliEnvironment system() {
        Charset cs = Charset.defaultCharset();
        return new CliEnvironment(Path.of("").toAbsolutePath(), System.getenv(), dev.mandate.did.keystore.UserHome.get(),
                new PrintWriter(new OutputStreamWriter(System.out, cs), true),
                new PrintWriter(new OutputStreamWriter(System.err, cs), true),
                System.in, PassphrasePrompt.console(), iterations(System.getProperty(TEST_ITERATIONS_PROPERTY)));
    }

    static int iterations(String property) {
        if (property != null) {
            try {
                int n = Integer.parseInt(property.strip());
                if (n >= EncryptedKeyStore.MIN_ITERATION_COUNT && n <= EncryptedKeyStore.DEFAULT_ITERATION_COUNT) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // not a number: the default
            }
        }
        return EncryptedKeyStore.DEFAULT_ITERATION_COUNT;
    }

    /** {@code path} resolved against the working directory (absolute paths are returned as they are). */
    public Path resolve(Path path) {
        return workingDirectory.resolve(path).normalize();
    }

    /** The value of an environment variable, if set and not empty. */
    public Optional<String> variable(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
