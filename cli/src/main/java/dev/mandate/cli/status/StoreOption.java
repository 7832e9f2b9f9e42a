package dev.mandate.cli.status;

import dev.mandate.cli.CliEnvironment;
import dev.mandate.cli.CliException;
import dev.mandate.cli.ExitCode;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.Stores;
import dev.mandate.vc.status.StatusPurpose;
import picocli.CommandLine.Option;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Picocli mixin: which status store to use ({@code --store JDBC_URL}, else {@code $MANDATE_STORE}, else
 * {@code jdbc:sqlite:~/.mandate/mandate.db}) and the URL prefix status lists are served under
 * ({@code --status-url}, else {@code $MANDATE_STATUS_URL}, else {@code http://localhost:8080/status-lists/},
 * where {@code mandate serve} publishes them).
 */
public final class StoreOption {
    /** Environment variable with the store's JDBC URL. */
    public static final String STORE_VAR = Stores.ENV;
    /** Environment variable with the status-list URL prefix. */
    public static final String STATUS_URL_VAR = "MANDATE_STATUS_URL";
    /** Where {@code mandate serve} publishes lists by default. */
    public static final String DEFAULT_STATUS_URL = "http://localhost:8080/status-lists/";

    @Option(names = "--store", paramLabel = "JDBC_URL",
            description = "Status store: jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB?user=... (default: $MANDATE_STORE, else ~/.mandate/mandate.db).")
    String store;

    @Option(names = "--status-url", paramLabel = "URL",
            description = "URL prefix the status lists are served under (default: $MANDATE_STATUS_URL, else " + DEFAULT_STATUS_URL + ").")
    String statusUrl;

    /** The JDBC URL in force. */
    public String url(CliEnvironment env) {
        if (store != null && !store.isBlank()) {
            return store;
        }
        return env.variable(STORE_VAR).orElse("jdbc:sqlite:" + env.home().resolve(".mandate").resolve("mandate.db"));
    }

    /** True if a store was chosen explicitly (--store or $MANDATE_STORE), not just the default file. */
    public boolean explicit(CliEnvironment env) {
        return store != null && !store.isBlank() || env.variable(STORE_VAR).isPresent();
    }

    /** The URL for messages, without a password. */
    public String displayUrl(CliEnvironment env) {
        return redact(url(env));
    }

    /** The status-list URL prefix, ending in '/'. */
    public String statusBase(CliEnvironment env) {
        String base = statusUrl != null && !statusUrl.isBlank() ? statusUrl : env.variable(STATUS_URL_VAR).orElse(DEFAULT_STATUS_URL);
        if (!base.startsWith("https://") && !base.startsWith("http://")) {
            throw CliException.usage("--status-url " + CliException.shorten(base), "not an http(s) URL",
                    "pass the URL prefix your server publishes status lists under, e.g. https://issuer.example/status-lists/");
        }
        return base.endsWith("/") ? base : base + "/";
    }

    /** The status-list URL prefix if given by --status-url or the environment (ending in '/'). */
    public java.util.Optional<String> explicitStatusBase(CliEnvironment env) {
        boolean given = statusUrl != null && !statusUrl.isBlank() || env.variable(STATUS_URL_VAR).isPresent();
        return given ? java.util.Optional.of(statusBase(env)) : java.util.Optional.empty();
    }

    /** Opens (and migrates) the store. */
    public Store open(CliEnvironment env) {
        try {
            return Stores.open(url(env));
        } catch (StoreException e) {
            throw translate(e, displayUrl(env));
        }
    }

    /** A store failure as a CLI error: 1 not found, 2 refused change or bad input, 3 database unreachable. */
    public static CliException translate(StoreException e, String input) {
        return switch (e.reason()) {
            case NOT_FOUND -> new CliException(ExitCode.NEGATIVE, input, e.getMessage(), "check the credential id with 'mandate status show'", e);
            case CONFLICT -> new CliException(ExitCode.USAGE, input, e.getMessage(), "nothing was changed", e);
            case INVALID -> new CliException(ExitCode.USAGE, input, e.getMessage(), "fix the argument and try again", e);
            case SCHEMA -> new CliException(ExitCode.DEPENDENCY, input, e.getMessage(), "upgrade Mandate or point --store at another database", e);
            case UNAVAILABLE -> new CliException(ExitCode.DEPENDENCY, input, redact(e.getMessage()),
                    "check that the database is reachable and --store / " + STORE_VAR + " is right", e);
        };
    }

    /** Parses revocation, suspension, message or both. */
    public static Set<StatusPurpose> purposes(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("both")) {
            return EnumSet.of(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION);
        }
        return StatusPurpose.of(t).filter(p -> p != StatusPurpose.REFRESH).map(EnumSet::of)
                .orElseThrow(() -> CliException.usage(option + " " + CliException.shorten(text), "unknown status purpose",
                        "use revocation, suspension, both or message"));
    }

    static String redact(String s) {
        return Stores.redact(s);
    }
}
