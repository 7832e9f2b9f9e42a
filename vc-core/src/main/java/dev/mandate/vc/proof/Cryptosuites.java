package dev.mandate.vc.proof;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/** The registry of cryptosuites found on the class path, by name. Immutable after loading. */
public final class Cryptosuites {
    private static final Map<String, Cryptosuite> SUITES = load();

    private Cryptosuites() {
    }

    private static Map<String, Cryptosuite> load() {
        Map<String, Cryptosuite> m = new LinkedHashMap<>();
        for (CryptosuiteProvider p : ServiceLoader.load(CryptosuiteProvider.class, Cryptosuites.class.getClassLoader())) {
            for (Cryptosuite s : p.cryptosuites()) {
                m.putIfAbsent(s.name(), s);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** The suite with this name ({@code cryptosuite} value, or legacy proof type). */
    public static Optional<Cryptosuite> byName(String name) {
        return Optional.ofNullable(name == null ? null : SUITES.get(name));
    }

    /** Names of every registered suite, in registration order. */
    public static Set<String> names() {
        return SUITES.keySet();
    }
}
