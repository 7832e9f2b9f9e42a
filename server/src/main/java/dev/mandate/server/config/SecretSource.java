package dev.mandate.server.config;

import dev.mandate.did.keystore.SecretFile;
import dev.mandate.did.keystore.SecretFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a secret (the key-store passphrase, a PKCS#12 password) comes from. The configuration file never
 * holds a secret itself, only where to read it: the first line of a file (read by {@link SecretFile}), or an
 * environment variable.
 */
public sealed interface SecretSource {
    /** Largest secret file read. */
    int MAX_FILE_BYTES = 4096;

    /**
     * Reads the secret.
     *
     * @param env the process environment (injectable for tests)
     * @return the secret; the caller should wipe it after use
     * @throws ServerConfigException if the file cannot be read, is not UTF-8, or the variable is unset or empty
     */
    char[] read(Map<String, String> env) throws ServerConfigException;

    /** {@return a human description that never contains the secret, e.g. {@code environment variable MANDATE_PASSPHRASE}} */
    String describe();

    /**
     * The first line of a file.
     *
     * @param path the file
     */
    record FromFile(Path path) implements SecretSource {
        /**
         * Checks that the path is not null (the file is read by {@link #read}).
         *
         * @param path the file
         * @throws NullPointerException if it is null
         */
        public FromFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public char[] read(Map<String, String> env) throws ServerConfigException {
            try {
                return SecretFile.firstLine(path, MAX_FILE_BYTES);
            } catch (SecretFileException e) {
                throw switch (e.reason()) {
                    case UNREADABLE -> new ServerConfigException(describe() + ": cannot read it (" + e.getCause().getClass().getSimpleName() + ")",
                            e.getCause());
                    case TOO_LARGE -> new ServerConfigException(describe() + ": larger than " + MAX_FILE_BYTES
                            + " bytes; put only the secret on its first line");
                    case NOT_UTF8 -> new ServerConfigException(describe() + ": not UTF-8 text");
                    case EMPTY -> new ServerConfigException(describe() + ": the first line is empty");
                };
            }
        }

        @Override
        public String describe() {
            return "secret file " + path;
        }
    }

    /**
     * An environment variable.
     *
     * @param variable the variable's name
     */
    record FromEnv(String variable) implements SecretSource {
        /**
         * Checks that the name is not null or empty.
         *
         * @param variable the variable's name
         * @throws NullPointerException     if it is null
         * @throws IllegalArgumentException if it is empty
         */
        public FromEnv {
            Objects.requireNonNull(variable, "variable");
            if (variable.isEmpty()) {
                throw new IllegalArgumentException("variable name is empty");
            }
        }

        @Override
        public char[] read(Map<String, String> env) throws ServerConfigException {
            String v = env.get(variable);
            if (v == null || v.isEmpty()) {
                throw new ServerConfigException(describe() + " is not set");
            }
            return v.toCharArray();
        }

        @Override
        public String describe() {
            return "environment variable " + variable;
        }
    }
}
