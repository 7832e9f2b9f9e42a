package dev.mandate.agent.request;

import java.util.Objects;
import java.util.Optional;

/**
 * What a request claims to do: the {@code action}, the {@code resource} (the request URL without its
 * query, or a capability resource pattern that matches it) and, for a request that moves money, the
 * {@code amount}. The amount is signed in the proof ({@code amt}, {@code cur}); a capability with
 * {@code maxAmount} allows only requests that declare one, and the authorizer refuses a request whose
 * body, query or {@code Mandate-Amount} header states another.
 *
 * @param action   the action, e.g. {@code read} or {@code pay}
 * @param resource the resource URL (no query) or a pattern that matches the request URL
 * @param amount   the amount the request moves, or empty when it declares none
 */
public record Intent(String action, String resource, Optional<Amount> amount) {
    /**
     * Checks that nothing is null.
     *
     * @param action   the action
     * @param resource the resource
     * @param amount   the amount, or empty
     * @throws NullPointerException if an argument is null
     */
    public Intent {
        Objects.requireNonNull(action);
        Objects.requireNonNull(resource);
        Objects.requireNonNull(amount);
    }

    /**
     * An intent that declares no amount.
     *
     * @param action   the action
     * @param resource the resource, without a query (see {@link #forRequest(String, String)})
     */
    public Intent(String action, String resource) {
        this(action, resource, Optional.empty());
    }

    /**
     * An intent that declares an amount.
     *
     * @param action   the action
     * @param resource the resource, without a query
     * @param amount   the amount, signed as {@code amt} and {@code cur}; not null
     */
    public Intent(String action, String resource, Amount amount) {
        this(action, resource, Optional.of(amount));
    }

    /**
     * The intent to do {@code action} on the resource a request URL names: the URL without its query and
     * fragment (a resource never has a query; the query is still bound by the proof's {@code htu}). Use this,
     * not the raw URL, when the URL may carry a query.
     *
     * @param action     e.g. {@code read}
     * @param requestUrl the absolute URL the request goes to, query allowed
     * @return the intent, declaring no amount
     */
    public static Intent forRequest(String action, String requestUrl) {
        return new Intent(action, withoutQuery(requestUrl), Optional.empty());
    }

    /**
     * As {@link #forRequest(String, String)}, declaring the amount the request moves.
     *
     * @param action     e.g. {@code pay}
     * @param requestUrl the absolute URL the request goes to, query allowed
     * @param amount     the amount, signed as {@code amt} and {@code cur}
     * @return the intent
     */
    public static Intent forRequest(String action, String requestUrl, Amount amount) {
        return new Intent(action, withoutQuery(requestUrl), Optional.of(amount));
    }

    private static String withoutQuery(String url) {
        int cut = url.length();
        int q = url.indexOf('?');
        int f = url.indexOf('#');
        if (q >= 0) cut = q;
        if (f >= 0 && f < cut) cut = f;
        return url.substring(0, cut);
    }
}
