package dev.mandate.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Where a secret (the key-store passphrase, a PKCS#12 password) comes from. The configuration file never
 * holds a secret itself, only where to read it: the first line of a file, or an environment variable.
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
            byte[] bytes;
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            } catch (IOException e) {
                throw new ServerConfigException(describe() + ": cannot read it (" + e.getClass().getSimpleName() + ")", e);
            }
            try {
                if (bytes.length > MAX_FILE_BYTES) {
                    throw new ServerConfigException(describe() + ": larger than " + MAX_FILE_BYTES + " bytes; put only the secret on its first line");
                }
                int end = 0;
                while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                    end++;
                }
                CharBuffer chars;
                try {
                    chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, end));
                } catch (CharacterCodingException e) {
                    throw new ServerConfigException(describe() + ": not UTF-8 text");
                }
                char[] out = new char[chars.remaining()];
                chars.get(out);
                if (chars.hasArray()) {
                    Arrays.fill(chars.array(), '\0');
                }
                if (out.length == 0) {
                    throw new ServerConfigException(describe() + ": the first line is empty");
                }
                return out;
            } finally {
                Arrays.fill(bytes, (byte) 0);
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
