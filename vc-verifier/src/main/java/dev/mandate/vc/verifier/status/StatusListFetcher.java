package dev.mandate.vc.verifier.status;

/**
 * Retrieves a status list credential by URL. {@link HttpStatusListFetcher} is the network one; tests
 * and servers that hold their own lists may supply another.
 */
@FunctionalInterface
public interface StatusListFetcher {
    /**
     * Fetches the document at {@code url}.
     *
     * @throws StatusFetchException when it cannot be retrieved (network, HTTP status, size, refused address)
     */
    FetchedList fetch(String url) throws StatusFetchException;
}
