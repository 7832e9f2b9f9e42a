package dev.mandate.cli;

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
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Picocli mixin shared by every command that resolves DIDs ({@code did resolve}, {@code vc verify}):
 * the did:web safety switches, timeout and extra trusted certificates; {@code vc verify} applies the same
 * switches to fetching status lists.
 */
public final class ResolverOptions {
    @Option(names = "--allow-http-loopback",
            description = "did:web: allow plain http:// to localhost / 127.0.0.0/8 (for local testing).")
    boolean allowHttpLoopback;

    @Option(names = "--allow-private-networks",
            description = "did:web: allow hosts on private, link-local and loopback addresses (refused by default against SSRF).")
    boolean allowPrivateNetworks;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.TimeoutConverter.class,
            description = "did:web: connect, read and overall timeout, e.g. 500ms, 5s, 1m, PT5S (default: 5s connect/read, 10s overall).")
    Duration timeout;

    @Option(names = "--trust-cert", paramLabel = "PEM_FILE",
            description = "did:web: also trust this (self-signed) server certificate; repeatable.")
    List<Path> trustCerts = new ArrayList<>();

    /** The did:key / did:jwk / did:web resolver these options describe; relative paths resolve with {@code resolvePath}. */
    public DidResolver resolver(UnaryOperator<Path> resolvePath) {
        return DidResolvers.standard(webOptions(resolvePath));
    }

    /** The did:web options these switches describe. */
    public DidWebOptions webOptions(UnaryOperator<Path> resolvePath) {
        DidWebOptions.Builder b = DidWebOptions.builder()
                .allowPrivateNetworks(allowPrivateNetworks)
                .allowLoopback(allowPrivateNetworks || allowHttpLoopback)
                .allowHttpOnLoopback(allowHttpLoopback);
        if (timeout != null) {
            b.connectTimeout(timeout).readTimeout(timeout).callTimeout(timeout);
        }
        if (!trustCerts.isEmpty()) {
            List<X509Certificate> certs = new ArrayList<>();
            for (Path p : trustCerts) {
                certs.addAll(readCertificates(p, resolvePath.apply(p)));
            }
            b.trustedCertificates(certs);
        }
        return b.build();
    }

    /**
     * A status-list checker with the same switches: plain HTTP on loopback, private networks, timeout and
     * trusted certificates apply to fetching status lists as to did:web.
     */
    public StatusChecker statusChecker(UnaryOperator<Path> resolvePath) {
        DidWebOptions web = webOptions(resolvePath);
        StatusFetchOptions.Builder b = StatusFetchOptions.builder()
                .allowPrivateNetworks(web.allowPrivateNetworks())
                .allowLoopback(web.allowLoopback())
                .allowHttpOnLoopback(web.allowHttpOnLoopback())
                .trustedCertificates(web.trustedCertificates());
        if (timeout != null) {
            b.connectTimeout(timeout).readTimeout(timeout).callTimeout(timeout);
        }
        return StatusChecker.builder().fetcher(new HttpStatusListFetcher(b.build())).build();
    }

    private static List<X509Certificate> readCertificates(Path p, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw CliException.usage("--trust-cert " + p, "no certificate in the file", "give a PEM or DER X.509 certificate");
            }
            return out;
        } catch (IOException e) {
            throw CliException.usage("--trust-cert " + p, "cannot read the certificate file (" + CliException.describeIo(e) + ")",
                    "check the path", e);
        } catch (CertificateException | ClassCastException e) {
            throw CliException.usage("--trust-cert " + p, "not an X.509 certificate", "give a PEM or DER X.509 certificate", e);
        }
    }
}
