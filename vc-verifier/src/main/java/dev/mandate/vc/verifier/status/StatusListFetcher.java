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
     * @param url the {@code statusListCredential} URL of a credential's status entry
     * @return the body and its caching headers
     * @throws StatusFetchException when it cannot be retrieved (network, HTTP status, size, refused address)
     */
    FetchedList fetch(String url) throws StatusFetchException;

    /**
     * The current version of the document at {@code url}, cheaply (without the body), or empty when this fetcher
     * cannot tell (the default). A fetcher that can (a server reading its own lists from its store) lets the
     * {@link StatusChecker} verify and decode each version of a list once and still see a change on the very
     * next check.
     *
     * @param url the {@code statusListCredential} URL
     * @return the version, or empty when this fetcher cannot tell
     * @throws StatusFetchException when the version cannot be read (the store is down)
     */
    default java.util.Optional<String> version(String url) throws StatusFetchException {
        return java.util.Optional.empty();
    }

    /**
     * The fetcher for the entries of one status check: {@link StatusChecker#check} calls this once per credential
     * and asks the returned fetcher about each of its entries. The default is this fetcher. One whose
     * {@link #version(String)} reads a shared store can return a view that reads the versions of all its lists once,
     * no earlier than this call, so that a credential with several entries costs one read, and every entry still
     * sees each change committed before the check began.
     *
     * @return the fetcher to use for one credential's entries (this one by default)
     */
    default StatusListFetcher forCheck() {
        return this;
    }
}
