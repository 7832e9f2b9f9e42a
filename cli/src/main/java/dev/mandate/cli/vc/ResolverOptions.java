package dev.mandate.cli.vc;

import dev.mandate.cli.CliException;
import dev.mandate.did.resolve.DidResolver;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.did.web.DidWebOptions;
import dev.mandate.vc.verifier.status.HttpStatusListFetcher;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verifier.status.StatusFetchOptions;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Picocli mixin: how commands that verify reach the network: did:web and status-list fetching (safety switches). */
public final class ResolverOptions {
    @Option(names = "--allow-loopback", description = "Let did:web and status lists resolve to 127.0.0.1/::1 (testing).")
    boolean allowLoopback;

    @Option(names = "--allow-http-loopback", description = "Allow plain http:// for did:web and status lists on loopback (testing).")
    boolean allowHttpLoopback;

    @Option(names = "--allow-private-networks", description = "Let did:web and status lists resolve to private and link-local addresses.")
    boolean allowPrivate;

    @Option(names = "--trust-cert", paramLabel = "PEM", description = "Also trust this certificate for did:web HTTPS (repeatable).")
    List<Path> trustCerts = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", description = "did:web and status-list overall timeout (default 10s and 5s).")
    String timeout;

    /** The standard resolver (did:key, did:jwk, did:web) configured by these options. */
    public DidResolver resolver() {
        DidWebOptions.Builder b = DidWebOptions.builder()
                .allowLoopback(allowLoopback || allowHttpLoopback)
                .allowHttpOnLoopback(allowHttpLoopback)
                .allowPrivateNetworks(allowPrivate);
        if (timeout != null) {
            Duration d = Inputs.duration("--timeout", timeout);
            b.callTimeout(d);
            b.connectTimeout(d);
            b.readTimeout(d);
        }
        List<X509Certificate> certs = certificates();
        if (!certs.isEmpty()) {
            b.trustedCertificates(certs);
        }
        return DidResolvers.standard(b.build());
    }

    /**
     * A status-list checker with the same safety switches (loopback, plain HTTP on loopback, private
     * networks, trusted certificates, timeout) as DID resolution.
     */
    public StatusChecker statusChecker() {
        StatusFetchOptions.Builder b = StatusFetchOptions.builder()
                .allowLoopback(allowLoopback || allowHttpLoopback)
                .allowHttpOnLoopback(allowHttpLoopback)
                .allowPrivateNetworks(allowPrivate);
        if (timeout != null) {
            Duration d = Inputs.duration("--timeout", timeout);
            b.callTimeout(d);
            b.connectTimeout(d);
            b.readTimeout(d);
        }
        List<X509Certificate> certs = certificates();
        if (!certs.isEmpty()) {
            b.trustedCertificates(certs);
        }
        return StatusChecker.builder().fetcher(new HttpStatusListFetcher(b.build())).build();
    }

    private List<X509Certificate> certificates() {
        List<X509Certificate> certs = new ArrayList<>();
        for (Path p : trustCerts) {
            try (InputStream in = Files.newInputStream(p)) {
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    certs.add((X509Certificate) c);
                }
            } catch (IOException e) {
                throw CliException.usage("--trust-cert " + p, "cannot read: " + CliException.describeIo(e), "check the path", e);
            } catch (CertificateException e) {
                throw CliException.usage("--trust-cert " + p, "not a PEM certificate", "pass a PEM-encoded X.509 certificate", e);
            }
        }
        return certs;
    }
}
