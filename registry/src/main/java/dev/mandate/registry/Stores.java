package dev.mandate.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Opens a {@link Store} by JDBC URL. */
public final class Stores {
    /** Environment variable naming the store's JDBC URL (the CLI's {@code --store} default). */
    public static final String ENV = "MANDATE_STORE";

    private Stores() {}

    /** {@return the default embedded store's URL: {@code jdbc:sqlite:<home>/.mandate/mandate.db}} */
    public static String defaultUrl() {
        return "jdbc:sqlite:" + defaultFile();
    }

    /** {@return the default SQLite file, {@code ~/.mandate/mandate.db} (not created here)} */
    public static Path defaultFile() {
        return dev.mandate.did.keystore.UserHome.get().resolve(".mandate").resolve("mandate.db");
    }

    /**
     * The JDBC drivers are optional dependencies of this module (a library user adds the one it needs):
     * {@code org.xerial:sqlite-jdbc} for {@code jdbc:sqlite:}, {@code org.postgresql:postgresql} for
     * {@code jdbc:postgresql:}. Refuses, naming the artifact to add, when the URL's driver is not on the class path.
     */
    static void requireDriver(String scheme, ClassLoader loader) throws StoreException {
        String driver = scheme.equals("jdbc:sqlite:") ? "org.sqlite.JDBC" : "org.postgresql.Driver";
        String artifact = scheme.equals("jdbc:sqlite:") ? "org.xerial:sqlite-jdbc" : "org.postgresql:postgresql";
        try {
            Class.forName(driver, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new StoreException(StoreException.Reason.UNAVAILABLE, "a " + scheme + " store needs its JDBC driver, which is not on the"
                    + " class path: add the dependency " + artifact + " (mandate-registry declares it optional)");
        }
    }

    /**
     * The audit every store appends its status changes to, from {@code mandate-audit-log} on {@code loader}'s class
     * path; refuses, naming the artifact to add, when it is not there (a store never runs without its audit).
     */
    static StoreAudit.Provider requireAudit(ClassLoader loader) throws StoreException {
        return Services.require(StoreAudit.Provider.class, "mandate-audit-log", "the store audits every status change in the audit log",
                loader);
    }

    /**
     * Opens the store at {@code jdbcUrl} with {@link StoreOptions#defaults()}; see {@link #open(String, StoreOptions)}.
     *
     * @param jdbcUrl {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://...}
     * @return the open store (close it when done)
     * @throws StoreException INVALID for an empty URL or another scheme, UNAVAILABLE if the database or a needed
     *     artifact is missing, SCHEMA if it was migrated by a newer version
     */
    public static Store open(String jdbcUrl) throws StoreException {
        return open(jdbcUrl, StoreOptions.defaults());
    }

    /**
     * Opens the store at {@code jdbcUrl}: {@code jdbc:sqlite:PATH} for the embedded store (the file and its
     * directory are created), {@code jdbc:postgresql://HOST[:PORT]/DB[?user=..&currentSchema=..]} for a
     * shared PostgreSQL. Pending schema migrations run before this returns. The store audits its status changes in
     * the audit log of {@code mandate-audit-log} ({@link StoreAudit}), which must be on the class path.
     *
     * @param jdbcUrl the store's JDBC URL
     * @param options list sizes, timeouts, pool size and clock
     * @return the open store (close it when done)
     * @throws StoreException INVALID for an empty URL or another scheme, UNAVAILABLE if the database cannot be reached or
     *     {@code mandate-audit-log} is not on the class path, SCHEMA if it was migrated by a newer version
     */
    public static Store open(String jdbcUrl, StoreOptions options) throws StoreException {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new StoreException(StoreException.Reason.INVALID, "store URL is empty");
        }
        StoreAudit.Provider audit = requireAudit(Stores.class.getClassLoader());
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            String path = jdbcUrl.substring("jdbc:sqlite:".length());
            int q = path.indexOf('?');
            String file = q < 0 ? path : path.substring(0, q);
            if (!file.isEmpty() && !file.equals(":memory:") && !file.startsWith("file:")) {
                createPrivately(Path.of(file).toAbsolutePath());
            }
            requireDriver("jdbc:sqlite:", Stores.class.getClassLoader());
            return SqliteStore.open(jdbcUrl, options, audit);
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            requireDriver("jdbc:postgresql:", Stores.class.getClassLoader());
            return PostgresStore.open(jdbcUrl, options, audit);
        }
        throw new StoreException(StoreException.Reason.INVALID, "unsupported store URL (use jdbc:sqlite:PATH or jdbc:postgresql://HOST/DB): "
                + redact(jdbcUrl));
    }

    /**
     * Creates the SQLite file's missing directories (0700) and the file itself (0600) before SQLite opens it, so
     * that the registry and the audit log are never readable by other users (SQLite gives its journal and WAL
     * files the database file's mode). Existing directories and files keep their permissions.
     */
    private static void createPrivately(Path file) throws StoreException {
        Path parent = file.getParent();
        try {
            if (parent != null && !Files.isDirectory(parent)) {
                if (posix(parent)) {
                    Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(parent);
                }
            }
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.UNAVAILABLE, "cannot create the store directory " + parent + ": " + e.getMessage(), e);
        }
        if (parent != null && !Files.exists(file) && posix(parent)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // created meanwhile by another process: SQLite opens it as it is
            } catch (IOException e) {
                throw new StoreException(StoreException.Reason.UNAVAILABLE, "cannot create the store file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static boolean posix(Path dir) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * The URL for messages: the value of a {@code password} query parameter and the password of
     * {@code //user:password@host} replaced by {@code ***}.
     *
     * @param url a JDBC URL or any text that may contain one
     * @return the text without passwords
     */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&\\s]*", "$1***")
                .replaceAll("(//[^/@:\\s]*:)[^/@\\s]*@", "$1***@");
    }
}
