package dev.mandate.agent.state;

/**
 * The shared state (a {@link dev.mandate.agent.request.ReplayCache}, {@link dev.mandate.agent.authz.RateLimiter} or
 * {@link ChallengeStore} kept outside the process, such as in Redis) could not be reached or did not answer within
 * its bound. An operational failure, not a verdict: callers fail closed (deny, or answer 503) and never fall back to
 * state of their own, which would silently turn a shared guarantee into a per-process one. The message names the
 * store and the cause and never carries a password.
 */
public final class SharedStateUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line naming the store and what failed, without credentials
     * @param cause   the client's exception (a timeout, a refused connection), or null
     */
    public SharedStateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
