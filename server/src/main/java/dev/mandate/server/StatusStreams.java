package dev.mandate.server;

import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verifier.status.StatusFetchException;
import dev.mandate.vc.verifier.status.StatusFetchOptions;
import dev.mandate.vc.verifier.status.StatusPushSubscriber;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The server verifier's subscriptions to issuers' status event streams ({@code verifier.statusStreams}): each
 * event drops the changed list from the checker's cache at once. A list no connected stream covers is used for
 * at most {@code verifier.maxStatusStalenessSeconds} (the checker asks {@link #covers(String)}), so a dropped
 * stream delays a remote revocation by that bound, not by the list's ttl.
 */
final class StatusStreams implements AutoCloseable {
    private final List<StatusPushSubscriber> subscribers = new CopyOnWriteArrayList<>();

    void start(List<String> urls, StatusChecker checker, StatusFetchOptions options) throws ServerConfigException {
        for (int i = 0; i < urls.size(); i++) {
            try {
                subscribers.add(StatusPushSubscriber.start(urls.get(i), checker, options, Duration.ofSeconds(60)));
            } catch (StatusFetchException e) {
                close();
                throw new ServerConfigException("verifier.statusStreams[" + i + "]: " + e.getMessage()
                        + " (loopback and private addresses need resolver.allowLoopback / allowPrivateNetworks)");
            }
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

    @Override
    public void close() {
        subscribers.forEach(StatusPushSubscriber::close);
    }
}
