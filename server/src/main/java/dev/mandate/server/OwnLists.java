package dev.mandate.server;

import dev.mandate.registry.PublishedList;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.StoreException;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.verifier.status.FetchedList;
import dev.mandate.vc.verifier.status.StatusFetchException;
import dev.mandate.vc.verifier.status.StatusListFetcher;

import java.util.Optional;

/**
 * The server's verifier reads its own status lists from the store, not over HTTP to itself, and reports
 * each list's version: the {@code StatusChecker} then keeps every version verified and decoded in memory
 * and only reads the list's version row on each check. A revocation changes the version in its own
 * transaction, so it applies to the very next check on every instance sharing the store, while an
 * unchanged list costs one indexed read instead of a signature verification and a GZIP inflate.
 * Other lists go to {@code others} (HTTP).
 */
final class OwnLists implements StatusListFetcher {
    private final StatusService service;
    private final StatusListFetcher others;

    OwnLists(StatusService service, StatusListFetcher others) {
        this.service = service;
        this.others = others;
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

    @Override
    public Optional<String> version(String url) throws StatusFetchException {
        Optional<String> id = service.listId(url);
        if (id.isEmpty()) {
            return others.version(url);
        }
        try {
            return service.version(id.get()).map(v -> Long.toString(v));
        } catch (StoreException e) {
            throw new StatusFetchException("status list " + id.get() + ": " + e.getMessage());
        }
    }
}
