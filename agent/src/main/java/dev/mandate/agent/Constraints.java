package dev.mandate.agent;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The optional limits on a capability. An absent limit means "no limit of this kind". Immutable; build
 * with {@link #builder()}.
 *
 * <ul>
 *   <li>{@code methods}: HTTP methods allowed (upper case); empty = any.</li>
 *   <li>{@code maxAmount} and {@code currency}: the largest amount one request may carry, in that
 *       ISO 4217 currency (both or neither).</li>
 *   <li>{@code ratePerMinute}: requests per agent per sliding minute.</li>
 *   <li>{@code timeOfDay}: a daily UTC window ({@link TimeWindow}).</li>
 *   <li>{@code dataClassification}: the most sensitive data class reachable, one of
 *       {@link #CLASSIFICATIONS} (ordered, least sensitive first).</li>
 *   <li>{@code audience}: the organisations (DIDs or URLs) that may accept the capability; empty = any.</li>
 * </ul>
 */
public final class Constraints {
    /** Data classification levels, least sensitive first. */
    public static final List<String> CLASSIFICATIONS = List.of("public", "internal", "confidential", "restricted");
    /** No limits. */
    public static final Constraints NONE = builder().build();

    private final Set<String> methods;
    private final BigDecimal maxAmount;
    private final String currency;
    private final Integer ratePerMinute;
    private final TimeWindow timeOfDay;
    private final String dataClassification;
    private final Set<String> audience;

    private Constraints(Builder b) {
        this.methods = Set.copyOf(b.methods);
        this.maxAmount = b.maxAmount;
        this.currency = b.currency;
        this.ratePerMinute = b.ratePerMinute;
        this.timeOfDay = b.timeOfDay;
        this.dataClassification = b.dataClassification;
        this.audience = Set.copyOf(b.audience);
    }

    /** {@return a builder with no limit set} */
    public static Builder builder() { return new Builder(); }

    /** {@return a new builder holding these constraints, to derive tighter ones} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.methods.addAll(methods);
        b.maxAmount = maxAmount;
        b.currency = currency;
        b.ratePerMinute = ratePerMinute;
        b.timeOfDay = timeOfDay;
        b.dataClassification = dataClassification;
        b.audience.addAll(audience);
        return b;
    }

    /** {@return the allowed HTTP methods, upper case, immutable; empty = any} */
    public Set<String> methods() { return methods; }
    /** {@return the largest amount one request may declare, or empty for no limit (then {@link #currency()} is empty too)} */
    public Optional<BigDecimal> maxAmount() { return Optional.ofNullable(maxAmount); }
    /** {@return the ISO 4217 currency of {@link #maxAmount()}, present exactly when it is} */
    public Optional<String> currency() { return Optional.ofNullable(currency); }
    /** {@return the requests allowed per agent per sliding minute, or empty for no limit} */
    public Optional<Integer> ratePerMinute() { return Optional.ofNullable(ratePerMinute); }
    /** {@return the daily UTC window requests must fall in, or empty for any time} */
    public Optional<TimeWindow> timeOfDay() { return Optional.ofNullable(timeOfDay); }
    /** {@return the most sensitive data class reachable, one of {@link #CLASSIFICATIONS}, or empty for no limit} */
    public Optional<String> dataClassification() { return Optional.ofNullable(dataClassification); }
    /** {@return the organisations (DIDs or URLs) that may accept the capability, immutable; empty = any} */
    public Set<String> audience() { return audience; }

    /** {@return true if no limit of any kind is set} */
    public boolean isEmpty() { return equals(NONE); }

    /**
     * Explains why {@code child} is not at least as tight as these (parent) constraints, or empty if it is.
     * A limit the parent sets must be kept by the child, equal or tighter.
     *
     * @param child the delegated capability's constraints
     * @return one line naming the first limit the child drops or widens, or empty
     */
    public Optional<String> whyNotCovering(Constraints child) {
        if (!methods.isEmpty()) {
            if (child.methods.isEmpty()) return Optional.of("drops the methods constraint " + new TreeSet<>(methods));
            if (!methods.containsAll(child.methods)) return Optional.of("methods " + new TreeSet<>(child.methods) + " are not within " + new TreeSet<>(methods));
        }
        if (maxAmount != null) {
            if (child.maxAmount == null) return Optional.of("drops maxAmount " + maxAmount.toPlainString() + " " + currency);
            if (!currency.equals(child.currency)) return Optional.of("currency " + child.currency + " differs from " + currency);
            if (child.maxAmount.compareTo(maxAmount) > 0) return Optional.of("maxAmount " + child.maxAmount.toPlainString() + " exceeds " + maxAmount.toPlainString());
        }
        if (ratePerMinute != null) {
            if (child.ratePerMinute == null) return Optional.of("drops ratePerMinute " + ratePerMinute);
            if (child.ratePerMinute > ratePerMinute) return Optional.of("ratePerMinute " + child.ratePerMinute + " exceeds " + ratePerMinute);
        }
        if (timeOfDay != null) {
            if (child.timeOfDay == null) return Optional.of("drops timeOfDay " + timeOfDay);
            if (!timeOfDay.covers(child.timeOfDay)) return Optional.of("timeOfDay " + child.timeOfDay + " is not within " + timeOfDay);
        }
        if (dataClassification != null) {
            if (child.dataClassification == null) return Optional.of("drops dataClassification " + dataClassification);
            if (CLASSIFICATIONS.indexOf(child.dataClassification) > CLASSIFICATIONS.indexOf(dataClassification)) {
                return Optional.of("dataClassification " + child.dataClassification + " is more sensitive than " + dataClassification);
            }
        }
        if (!audience.isEmpty()) {
            if (child.audience.isEmpty()) return Optional.of("drops the audience constraint " + new TreeSet<>(audience));
            if (!audience.containsAll(child.audience)) return Optional.of("audience " + new TreeSet<>(child.audience) + " is not within " + new TreeSet<>(audience));
        }
        return Optional.empty();
    }

    @Override public boolean equals(Object o) {
        return o instanceof Constraints c && c.methods.equals(methods)
                && (maxAmount == null ? c.maxAmount == null : c.maxAmount != null && c.maxAmount.compareTo(maxAmount) == 0)
                && Objects.equals(c.currency, currency) && Objects.equals(c.ratePerMinute, ratePerMinute)
                && Objects.equals(c.timeOfDay, timeOfDay) && Objects.equals(c.dataClassification, dataClassification)
                && c.audience.equals(audience);
    }

    @Override public int hashCode() {
        return Objects.hash(methods, maxAmount == null ? null : maxAmount.stripTrailingZeros(), currency, ratePerMinute, timeOfDay, dataClassification, audience);
    }

    @Override public String toString() { return CapabilityJson.constraintsToJson(this).toString(); }

    /** Builds {@link Constraints}; each setter validates its value. */
    public static final class Builder {
        private final Set<String> methods = new TreeSet<>();
        private BigDecimal maxAmount;
        private String currency;
        private Integer ratePerMinute;
        private TimeWindow timeOfDay;
        private String dataClassification;
        private final Set<String> audience = new TreeSet<>();

        private Builder() {}

        /**
         * Adds allowed HTTP methods.
         *
         * @param ms method names, any case; stored upper case
         * @return this builder
         * @throws CapabilityException if a name is not 1 to 20 letters
         */
        public Builder methods(String... ms) throws CapabilityException {
            for (String m : ms) {
                String u = m.toUpperCase(Locale.ROOT);
                if (!u.matches("[A-Z]{1,20}")) throw new CapabilityException("method must be an HTTP method name, not \"" + TimeWindow.shorten(m) + "\"");
                methods.add(u);
            }
            return this;
        }

        /**
         * Sets the largest amount one request may declare, and its currency.
         *
         * @param amount the limit, not negative
         * @param cur    the ISO 4217 code, three upper-case letters
         * @return this builder
         * @throws CapabilityException if the amount is negative or the currency malformed
         */
        public Builder maxAmount(BigDecimal amount, String cur) throws CapabilityException {
            if (amount.signum() < 0) throw new CapabilityException("maxAmount must not be negative");
            if (!cur.matches("[A-Z]{3}")) throw new CapabilityException("currency must be a three-letter ISO 4217 code, not \"" + TimeWindow.shorten(cur) + "\"");
            this.maxAmount = amount;
            this.currency = cur;
            return this;
        }

        /**
         * Sets the requests allowed per agent per sliding minute.
         *
         * @param rate from 1 to 1 000 000
         * @return this builder
         * @throws CapabilityException if the rate is out of range
         */
        public Builder ratePerMinute(int rate) throws CapabilityException {
            if (rate < 1 || rate > 1_000_000) throw new CapabilityException("ratePerMinute must be between 1 and 1000000, not " + rate);
            this.ratePerMinute = rate;
            return this;
        }

        /**
         * Sets the daily UTC window.
         *
         * @param w the window; not null
         * @return this builder
         */
        public Builder timeOfDay(TimeWindow w) {
            this.timeOfDay = Objects.requireNonNull(w);
            return this;
        }

        /**
         * Sets the most sensitive data class reachable.
         *
         * @param c one of {@link #CLASSIFICATIONS}
         * @return this builder
         * @throws CapabilityException if {@code c} is not one of them
         */
        public Builder dataClassification(String c) throws CapabilityException {
            if (!CLASSIFICATIONS.contains(c)) throw new CapabilityException("dataClassification must be one of " + CLASSIFICATIONS + ", not \"" + TimeWindow.shorten(c) + "\"");
            this.dataClassification = c;
            return this;
        }

        /**
         * Adds accepted audiences.
         *
         * @param as DIDs or absolute URLs, each at most 2048 characters
         * @return this builder
         * @throws CapabilityException if one is empty, too long or has no scheme
         */
        public Builder audience(String... as) throws CapabilityException {
            for (String a : as) {
                if (a.isEmpty() || a.length() > 2048 || !a.matches("[A-Za-z][A-Za-z0-9+.\\-]*:\\S+")) throw new CapabilityException("audience must be a DID or URL, not \"" + TimeWindow.shorten(a) + "\"");
                audience.add(a);
            }
            return this;
        }

        /** {@return the constraints set so far; the builder may be reused} */
        public Constraints build() { return new Constraints(this); }
    }
}
