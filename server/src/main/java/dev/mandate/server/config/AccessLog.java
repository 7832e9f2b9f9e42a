package dev.mandate.server.config;

import java.nio.file.Path;
import java.util.Objects;

/** Where the access log (one JSON line per request) goes. */
public sealed interface AccessLog {
    /** Standard error. */
    record Stderr() implements AccessLog {
    }

    /** No access log. */
    record Off() implements AccessLog {
    }

    /**
     * Appended to a file.
     *
     * @param path the log file, created if missing
     */
    record File(Path path) implements AccessLog {
        /**
         * Checks that the path is not null.
         *
         * @param path the log file
         * @throws NullPointerException if it is null
         */
        public File {
            Objects.requireNonNull(path, "path");
        }
    }
}
