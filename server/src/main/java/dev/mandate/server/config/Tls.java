package dev.mandate.server.config;

import java.nio.file.Path;
import java.util.Objects;

/** TLS termination: off, PEM files, or a PKCS#12 file. */
public sealed interface Tls {
    /** Plain HTTP (put the server behind a TLS-terminating proxy, or bind it to loopback only). */
    record Disabled() implements Tls {
    }

    /**
     * A PEM certificate chain (leaf first) and its PEM private key (PKCS#8, or traditional RSA/EC; not encrypted:
     * protect the file with permissions).
     *
     * @param certificateChain the PEM certificate chain file, leaf first
     * @param privateKey       the PEM private key file
     */
    record Pem(Path certificateChain, Path privateKey) implements Tls {
        /**
         * Checks that nothing is null (the files are read when the server starts).
         *
         * @param certificateChain the chain file
         * @param privateKey       the key file
         * @throws NullPointerException if either is null
         */
        public Pem {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    /**
     * A PKCS#12 file with one private key entry, and where its password comes from.
     *
     * @param file     the PKCS#12 file
     * @param password where its password comes from
     */
    record Pkcs12(Path file, SecretSource password) implements Tls {
        /**
         * Checks that nothing is null (the file and password are read when the server starts).
         *
         * @param file     the PKCS#12 file
         * @param password the password's source
         * @throws NullPointerException if either is null
         */
        public Pkcs12 {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(password, "password");
        }
    }
}
