package dev.mandate.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * DID resolution options (did:key and did:jwk need none; these govern did:web).
 *
 * @param allowLoopback        whether did:web hosts resolving to loopback addresses may be contacted
 * @param allowPrivateNetworks whether did:web hosts resolving to private networks may be contacted
 * @param trustedCertificates  PEM files whose certificates are trusted as TLS anchors instead of the system CAs
 * @param timeout              overall time allowed for one did:web fetch
 */
public record ResolverConfig(boolean allowLoopback, boolean allowPrivateNetworks, List<Path> trustedCertificates,
                             Duration timeout) {
    /**
     * Copies the list and checks the timeout.
     *
     * @param allowLoopback        whether loopback hosts may be contacted
     * @param allowPrivateNetworks whether private-network hosts may be contacted
     * @param trustedCertificates  PEM anchor files; copied
     * @param timeout              positive
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public ResolverConfig {
        trustedCertificates = List.copyOf(trustedCertificates);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("resolver timeout must be positive");
        }
    }

    /** {@return the defaults: public addresses only, system CAs, 10 s} */
    public static ResolverConfig defaults() {
        return new ResolverConfig(false, false, List.of(), Duration.ofSeconds(10));
    }
}
