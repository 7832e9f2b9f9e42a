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

    /**
     * {@return the suite with this name ({@code cryptosuite} value, or legacy proof type)}
     *
     * @param name e.g. {@code eddsa-jcs-2022}, or {@code Ed25519Signature2020}
     */
    public static Optional<Cryptosuite> byName(String name) {
        return Optional.ofNullable(name == null ? null : SUITES.get(name));
    }

    /**
     * The Maven artifact that provides a suite Mandate implements outside this module, by suite (or legacy
     * proof type) name: the RDFC suites need a JSON-LD processor, so they live in {@code vc-jsonld}, which a
     * JWT- or JCS-only user leaves off the class path.
     */
    static final Map<String, String> PROVIDED_ELSEWHERE = Map.of(
            "eddsa-rdfc-2022", Modules.VC_JSONLD,
            "ecdsa-rdfc-2019", Modules.VC_JSONLD,
            "Ed25519Signature2020", Modules.VC_JSONLD);

    /** Maven coordinates of the modules that contribute suites. */
    static final class Modules {
        static final String VC_JSONLD = "dev.mandate:mandate-vc-jsonld";

        private Modules() {
        }
    }

    /**
     * Why {@code name} is not available, in one line: for a suite Mandate implements in a module that is not on
     * the class path, which module to add; otherwise that the name is unknown, with the suites that are known.
     *
     * @param name a cryptosuite name (or legacy proof type) that {@link #byName(String)} did not find
     * @return the one-line reason
     */
    public static String whyUnavailable(String name) {
        String module = PROVIDED_ELSEWHERE.get(name);
        if (module != null) {
            return "cryptosuite '" + name + "' is in the module " + module
                    + ", which is not on the class path: add that dependency (it brings the JSON-LD processor); available now: "
                    + names();
        }
        return "unknown cryptosuite '" + name + "'; known: " + names();
    }

    /** {@return names of every registered suite, in registration order} */
    public static Set<String> names() {
        return SUITES.keySet();
    }
}
