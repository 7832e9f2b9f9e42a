package dev.mandate.server;

import dev.mandate.did.web.DidWebOptions;
import dev.mandate.server.config.ResolverConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.ServerConfigException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How {@link MandateServer.Builder#start()} lets the server fetch from other hosts: the did:web options of the
 * resolver (trusted certificates, loopback and private networks, timeouts), and the status checker, which reads this
 * server's own lists from its store and fetches other lists over HTTP with the same safety switches.
 */
final class FetchSetup {
    private FetchSetup() {
    }

    /**
     * Own lists straight from the store (no HTTP to ourselves); other lists over HTTP with the resolver's safety switches.
     * Starts the configured status event streams (the caller closes {@code streams}).
     */
    static dev.mandate.vc.verifier.status.StatusChecker statusChecker(ServerConfig config,
            Optional<dev.mandate.registry.StatusService> own, StatusStreams streams) throws ServerConfigException {
        DidWebOptions web = webOptions(config.resolver());
        dev.mandate.vc.verifier.status.StatusFetchOptions fetch = dev.mandate.vc.verifier.status.StatusFetchOptions.builder()
                .allowLoopback(web.allowLoopback()).allowPrivateNetworks(web.allowPrivateNetworks())
                .trustedCertificates(web.trustedCertificates()).build();
        dev.mandate.vc.verifier.status.StatusListFetcher http = new dev.mandate.vc.verifier.status.HttpStatusListFetcher(fetch);
        dev.mandate.vc.verifier.status.StatusListFetcher fetcher = http;
        if (own.isPresent()) {
            fetcher = new OwnLists(own.get(), http); // own lists: every check sees each change whose call returned before it; others below
        }
        dev.mandate.vc.verifier.status.StatusChecker checker = dev.mandate.vc.verifier.status.StatusChecker.builder().fetcher(fetcher)
                .unpushedStaleness(streams::covers, config.verifier().maxStatusStaleness())
                .onStreamLinked(streams::linked).build();
        streams.start(config.verifier().statusStreams(), checker, fetch);
        return checker;
    }

    /** The did:web (and status fetch) options: trusted certificates read from their files, timeouts of at most 5 s a step. */
    static DidWebOptions webOptions(ResolverConfig rc) throws ServerConfigException {
        List<X509Certificate> certs = new ArrayList<>();
        for (int i = 0; i < rc.trustedCertificates().size(); i++) {
            certs.addAll(TlsSupport.readCertificates(rc.trustedCertificates().get(i), "resolver.trustedCertificates[" + i + "]"));
        }
        Duration step = rc.timeout().compareTo(Duration.ofSeconds(5)) < 0 ? rc.timeout() : Duration.ofSeconds(5);
        return DidWebOptions.builder().allowLoopback(rc.allowLoopback()).allowPrivateNetworks(rc.allowPrivateNetworks())
                .trustedCertificates(certs).connectTimeout(step).readTimeout(step).callTimeout(rc.timeout()).build();
    }
}
