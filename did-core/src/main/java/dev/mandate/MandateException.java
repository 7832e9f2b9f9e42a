package dev.mandate;

/**
 * The one base of every checked exception Mandate's libraries throw, so that a caller who does not
 * care which step failed can write {@code catch (MandateException e)} instead of {@code throws Exception}.
 * Each subtype adds what a caller can act on (a {@code reason()}, an error type, a path); every message is
 * one line saying what was wrong and what to do, and never contains key material or passphrases.
 *
 * <p>Verification never throws: an invalid credential is a {@code VerificationResult}, not an exception.
 * Exceptions mean the input could not be processed at all (bad syntax, a key store that will not open,
 * a store that is down).
 */
public abstract class MandateException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a one-line message.
     *
     * @param message what was wrong and what to do
     */
    protected MandateException(String message) {
        super(message);
    }

    /**
     * An exception with a one-line message and the underlying cause.
     *
     * @param message what was wrong and what to do
     * @param cause   the underlying exception, or null
     */
    protected MandateException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * An exception that may skip its stack trace: for failures that are expected on bad input and are
     * reported by message, where filling in the stack would only cost time.
     *
     * @param message            what was wrong and what to do
     * @param cause              the underlying exception, or null
     * @param enableSuppression  whether suppressed exceptions are recorded
     * @param writableStackTrace whether the stack trace is filled in
     */
    protected MandateException(String message, Throwable cause, boolean enableSuppression, boolean writableStackTrace) {
        super(message, cause, enableSuppression, writableStackTrace);
    }
}
