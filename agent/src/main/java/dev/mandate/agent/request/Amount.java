package dev.mandate.agent.request;

import dev.mandate.agent.CapabilityException;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of money a request declares, signed in its proof as the claims {@code amt} (a decimal
 * string) and {@code cur} (an ISO 4217 code). Amounts compare numerically: {@code 100} and
 * {@code 100.00} are the same amount.
 *
 * @param value    non-negative, at most 15 integer and 6 fraction digits
 * @param currency three upper-case letters
 */
public record Amount(BigDecimal value, String currency) {
    /** The decimal syntax of {@code amt}, of {@code maxAmount} and of a decimal-string amount in a body. */
    public static final Pattern DECIMAL = Pattern.compile("[0-9]{1,15}(\\.[0-9]{1,6})?");
    /** An ISO 4217 code. */
    public static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /**
     * Validates the amount's range and the currency's syntax.
     *
     * @param value    the amount, non-negative, at most 15 integer and 6 fraction digits
     * @param currency the ISO 4217 code, three upper-case letters
     * @throws NullPointerException     if either is null
     * @throws IllegalArgumentException if the value is negative or too long, or the currency is not three letters
     */
    public Amount {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(currency, "currency");
        if (value.signum() < 0 || value.scale() > 6 || value.precision() - value.scale() > 15) {
            throw new IllegalArgumentException("amount must be a non-negative decimal of at most 15 integer and 6 fraction digits, not " + value);
        }
        if (!CURRENCY.matcher(currency).matches()) throw new IllegalArgumentException("currency must be a three-letter ISO 4217 code, not " + currency);
    }

    /**
     * The amount {@code decimal} (e.g. {@code "120.00"}) in {@code currency} (e.g. {@code "EUR"}), from user input.
     *
     * @param decimal  the amount in the {@link #DECIMAL} syntax (no sign, no exponent)
     * @param currency the ISO 4217 code
     * @return the amount, keeping the scale {@code decimal} was written with
     * @throws CapabilityException if either does not match its syntax (the message quotes the input, shortened)
     */
    public static Amount of(String decimal, String currency) throws CapabilityException {
        if (!DECIMAL.matcher(decimal).matches()) {
            throw new CapabilityException("amount must be a decimal such as 120.50 (at most 15 integer and 6 fraction digits), not \"" + shorten(decimal) + "\"");
        }
        if (!CURRENCY.matcher(currency).matches()) {
            throw new CapabilityException("currency must be a three-letter ISO 4217 code such as EUR, not \"" + shorten(currency) + "\"");
        }
        return new Amount(new BigDecimal(decimal), currency);
    }

    /**
     * Parses {@code "<decimal> <CUR>"}, e.g. {@code "120.00 EUR"} (the form of {@code Mandate-Amount} and {@code --amount}).
     *
     * @param text the amount and currency separated by white space; surrounding white space is ignored
     * @return the amount
     * @throws CapabilityException if the text is not two words or either word is malformed (see {@link #of})
     */
    public static Amount parse(String text) throws CapabilityException {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) throw new CapabilityException("an amount is \"<decimal> <CUR>\", e.g. \"120.00 EUR\", not \"" + shorten(text) + "\"");
        return of(parts[0], parts[1]);
    }

    /**
     * The decimal as signed in {@code amt}.
     *
     * @return the value in plain notation (no exponent), with the scale it was given with
     */
    public String decimal() { return value.toPlainString(); }

    /**
     * Whether both state the same amount in the same currency; unlike {@link #equals}, {@code 100} and
     * {@code 100.00} are the same.
     *
     * @param other the amount to compare with, not null
     * @return true if the values are numerically equal and the currencies are the same
     */
    public boolean sameAs(Amount other) {
        return value.compareTo(other.value) == 0 && currency.equals(other.currency);
    }

    /** {@code "120.00 EUR"}. */
    @Override public String toString() { return decimal() + " " + currency; }

    static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
