package dev.mandate.server;

import dev.mandate.server.config.ServerConfigException;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verifier.status.StatusFetchException;
import dev.mandate.vc.verifier.status.StatusFetchOptions;
import dev.mandate.vc.verifier.status.StatusPushSubscriber;
import dev.mandate.vc.verifier.status.StatusStreamLink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The server verifier's subscriptions to issuers' status event streams: the configured ones
 * ({@code verifier.statusStreams}) and the ones it discovers ({@link StatusStreamLink}) on lists of the issuers in
 * {@code verifier.trustedIssuers}, at most {@code verifier.maxDiscoveredStatusStreams} of them. Each event drops the
 * changed list from the checker's cache at once. A list no connected stream covers is used for at most
 * {@code verifier.maxStatusStalenessSeconds} (the checker asks {@link #covers(String)}), so a dropped stream delays
 * a remote revocation by that bound, not by the list's ttl.
 *
 * <p>A discovered stream is opened only for a list that verified and was issued by a trusted issuer, on the list's
 * origin and in its directory ({@link StatusStreamLink#refusal(String, String)}), under the resolver's HTTPS and SSRF
 * rules: an untrusted issuer's list, or a link elsewhere, opens nothing.
 */
final class StatusStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusStreams.class);
    private static final Duration IDLE = Duration.ofSeconds(60);
    /** Most stream URLs remembered as followed or refused: beyond it, new links are ignored. */
    private static final int MAX_SEEN = 1024;

    private final List<StatusPushSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Set<String> trustedIssuers;
    private final int maxDiscovered;
    /** Stream URLs subscribed to or refused once (refusals are not retried, so a bad link costs one log line). */
    private final Set<String> seen = new HashSet<>();
    private int discovered;
    private boolean limitLogged;
    private volatile boolean closed;
    private StatusChecker checker;
    private StatusFetchOptions options;

    StatusStreams(List<String> trustedIssuers, int maxDiscovered) {
        this.trustedIssuers = Set.copyOf(trustedIssuers);
        this.maxDiscovered = maxDiscovered;
    }

    /** Subscribes to the configured streams; later discoveries use the same checker and options. */
    synchronized void start(List<String> urls, StatusChecker checker, StatusFetchOptions options) throws ServerConfigException {
        this.checker = checker;
        this.options = options;
        for (int i = 0; i < urls.size(); i++) {
            try {
                subscribers.add(StatusPushSubscriber.start(urls.get(i), checker, options, IDLE));
                seen.add(urls.get(i));
            } catch (StatusFetchException e) {
                close();
                throw new ServerConfigException("verifier.statusStreams[" + i + "]: " + e.getMessage()
                        + " (loopback and private addresses need resolver.allowLoopback / allowPrivateNetworks)");
            }
        }
    }

    /**
     * A verified list linked to a stream ({@link StatusChecker.StreamLinkListener}): subscribes when the list's issuer
     * is trusted, the link passes {@link StatusStreamLink#refusal(String, String)} and the fetch options, and fewer
     * than {@code maxDiscovered} streams were discovered; otherwise does nothing.
     */
    synchronized void linked(String listUrl, String issuer, String streamUrl) {
        if (closed || checker == null || !trustedIssuers.contains(issuer) || seen.contains(streamUrl) || seen.size() >= MAX_SEEN) {
            return;
        }
        if (discovered >= maxDiscovered) {
            if (!limitLogged && maxDiscovered > 0) {
                limitLogged = true;
                LOG.warn("not following the status event stream " + streamUrl + ": "
                        + maxDiscovered + " discovered streams are open already (verifier.maxDiscoveredStatusStreams)");
            }
            return;
        }
        seen.add(streamUrl);
        Optional<String> refusal = StatusStreamLink.refusal(listUrl, streamUrl);
        if (refusal.isPresent()) {
            LOG.warn("not following the status event stream linked from " + listUrl + ": " + refusal.get());
            return;
        }
        try {
            subscribers.add(StatusPushSubscriber.start(streamUrl, checker, options, IDLE));
            discovered++;
        } catch (StatusFetchException e) {
            LOG.warn("not following the status event stream linked from " + listUrl + ": " + e.getMessage());
        }
    }

    /** Whether a connected stream delivers the changes of the list at {@code url}. */
    boolean covers(String url) {
        for (StatusPushSubscriber s : subscribers) {
            if (s.covers(url)) {
                return true;
            }
        }
        return false;
    }

    /** Streams subscribed to (configured and discovered), connected or not. */
    int subscriptions() {
        return subscribers.size();
    }

    @Override
    public void close() {
        closed = true;
        subscribers.forEach(StatusPushSubscriber::close);
    }
}
