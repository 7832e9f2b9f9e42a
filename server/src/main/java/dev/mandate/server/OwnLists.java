package dev.mandate.server;

import dev.mandate.registry.PublishedList;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.StoreException;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.verifier.status.FetchedList;
import dev.mandate.vc.verifier.status.StatusFetchException;
import dev.mandate.vc.verifier.status.StatusListFetcher;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The server's verifier reads its own status lists from the store, not over HTTP to itself, and reports
 * each list's version: the {@code StatusChecker} then keeps every version verified and decoded in memory
 * and only asks the versions on each check. A revocation changes its list's version in its own transaction.
 *
 * <p>The versions of all the server's own lists are read in one statement, once per check whatever the number of
 * entries ({@link #forCheck()}), through a {@link FreshRead}: each check takes a read that started at most
 * {@link dev.mandate.registry.Store#STATUS_VERSIONS_MAX_AGE} before the check began, and a status change returns only
 * {@link dev.mandate.registry.Store#STATUS_CHANGE_WAIT} after its commit. So a change whose call returned (at any
 * instance sharing the store) before a check began applies to that check, while a busy server reads the versions
 * about once per ten milliseconds instead of once per check.
 * Other lists go to {@code others} (HTTP).
 */
final class OwnLists implements StatusListFetcher {
    /** How long a check waits in all for a shared version read before failing closed: the store's default busy timeout. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final StatusService service;
    private final StatusListFetcher others;
    private final FreshRead<Map<String, Long>> versions;

    OwnLists(StatusService service, StatusListFetcher others) {
        this(service, others, new FreshRead<>("the versions of the server's status lists", service::versions, MAX_WAIT,
                dev.mandate.registry.Store.STATUS_VERSIONS_MAX_AGE));
    }

    /** With the shared read of the versions given (tests count its reads). */
    OwnLists(StatusService service, StatusListFetcher others, FreshRead<Map<String, Long>> versions) {
        this.service = service;
        this.others = others;
        this.versions = versions;
    }

    @Override
    public FetchedList fetch(String url) throws StatusFetchException {
        Optional<String> id = service.listId(url);
        if (id.isEmpty()) {
            return others.fetch(url);
        }
        try {
            Optional<PublishedList> p = service.publish(id.get());
            if (p.isEmpty()) {
                throw new StatusFetchException("no status list " + id.get() + " on this server");
            }
            return new FetchedList(Exchange.serialize(p.get().credential()), 0, true, Long.toString(p.get().list().version()));
        } catch (StoreException | ProofException e) {
            throw new StatusFetchException("status list " + id.get() + ": " + e.getMessage());
        }
    }

    /** The list's version from a read that started after this call. */
    @Override
    public Optional<String> version(String url) throws StatusFetchException {
        return forCheck().version(url);
    }

    /** A view for one check: the first own list asked reads every own version, the check's other entries reuse them. */
    @Override
    public StatusListFetcher forCheck() {
        return new StatusListFetcher() {
            private Map<String, Long> read;
            private StoreException failed; // one read per check, even when it fails


            @Override
            public FetchedList fetch(String url) throws StatusFetchException {
                return OwnLists.this.fetch(url);
            }

            @Override
            public Optional<String> version(String url) throws StatusFetchException {
                Optional<String> id = service.listId(url);
                if (id.isEmpty()) {
                    return others.version(url);
                }
                if (read == null && failed == null) {
                    try {
                        read = versions.get();
                    } catch (StoreException e) {
                        failed = e;
                    }
                }
                if (failed != null) {
                    throw new StatusFetchException("status list " + id.get() + ": " + failed.getMessage());
                }
                return Optional.ofNullable(read.get(id.get())).map(v -> Long.toString(v));
            }
        };
    }
}
