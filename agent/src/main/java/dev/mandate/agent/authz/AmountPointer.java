package dev.mandate.agent.authz;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonValue;

import java.util.Objects;

/**
 * Where a JSON part of a request (an MCP tool's arguments, an A2A message's params) carries the amount it moves:
 * two JSON pointers (RFC 6901), one to the amount (a number or decimal string), one to its currency. The server
 * reads the stated amount there to compare with the amount the proof declares; the client reads it there to
 * declare it.
 *
 * @param amount   pointer to the amount, e.g. {@code /amount}
 * @param currency pointer to the currency, e.g. {@code /currency}
 */
public record AmountPointer(String amount, String currency) {
    /**
     * Validates both pointers.
     *
     * @param amount   pointer to the amount
     * @param currency pointer to the currency
     * @throws NullPointerException     if either is null
     * @throws IllegalArgumentException if either is not a JSON pointer (RFC 6901)
     */
    public AmountPointer {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        try {
            Jsonp.PROVIDER.createPointer(amount);
            Jsonp.PROVIDER.createPointer(currency);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON pointer (RFC 6901): " + e.getMessage(), e);
        }
    }

    /**
     * What {@code document} states at these pointers.
     *
     * @param document the JSON the request carries (tool arguments, message params)
     * @param where    names the document in messages, e.g. "the arguments of tool pay"
     * @return the stated amount, none if neither pointer resolves, or a refusal naming what is malformed or missing
     */
    public Amounts.Stated statedIn(JsonValue document, String where) {
        return Amounts.inJsonAt(document, amount, currency, where);
    }
}
