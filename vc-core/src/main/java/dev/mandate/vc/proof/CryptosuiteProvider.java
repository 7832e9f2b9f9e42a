package dev.mandate.vc.proof;

import java.util.List;

/**
 * Service-provider interface: modules contribute cryptosuites through
 * {@code META-INF/services/dev.mandate.vc.proof.CryptosuiteProvider}. vc-core provides the JCS
 * suites; vc-jsonld provides the RDFC suites, so a JCS-only user needs no JSON-LD processor.
 */
public interface CryptosuiteProvider {
    /** {@return the suites this provider contributes} */
    List<Cryptosuite> cryptosuites();
}
