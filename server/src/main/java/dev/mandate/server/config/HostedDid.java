package dev.mandate.server.config;

import java.nio.file.Path;
import java.util.Objects;

/** A did:web document this server hosts at the path the DID names. */
public sealed interface HostedDid {
    /** {@return the did:web DID, whose path decides where the document is served} */
    String did();

    /**
     * A document with one Multikey verification method for a key from the key store.
     *
     * @param did the did:web DID
     * @param key the key's name in the key store
     */
    record FromKey(String did, String key) implements HostedDid {
        /**
         * Checks that nothing is null.
         *
         * @param did the DID
         * @param key the key's name
         * @throws NullPointerException if either is null
         */
        public FromKey {
            Objects.requireNonNull(did, "did");
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * A document read from a file (its {@code id} must be the DID).
     *
     * @param did      the did:web DID
     * @param document the DID document's JSON file
     */
    record FromFile(String did, Path document) implements HostedDid {
        /**
         * Checks that nothing is null (the file is read when the server starts).
         *
         * @param did      the DID
         * @param document the file
         * @throws NullPointerException if either is null
         */
        public FromFile {
            Objects.requireNonNull(did, "did");
            Objects.requireNonNull(document, "document");
        }
    }
}
