package dev.mandate.agent.authz;

import dev.mandate.agent.CanonicalUrl;
import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.Constraints;
import dev.mandate.agent.Reason;
import dev.mandate.agent.Reason.Code;
import dev.mandate.agent.request.Amount;
import dev.mandate.agent.request.HttpRequestView;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The amount of a request (docs/capabilities.md, section 4.4). It is what the proof declares, signed as
 * {@code amt} and {@code cur}, never what an unsigned part of the request says. The unsigned parts a
 * backend may book from (a JSON body, whatever its Content-Type; a form body; the query; the
 * {@code Mandate-Amount} header) may only agree with the declared amount: when one states another amount
 * or currency, or states one in a form that cannot be compared, the request is refused.
 */
public final class Amounts {
    /** Informational header {@code Mandate-Amount: 120.50 EUR}; when present it must equal the declared amount. */
    public static final String HEADER = "Mandate-Amount";
    /** Largest JSON or form body compared with the declared amount; a larger one is refused when an amount is declared. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Deepest JSON body compared with the declared amount. */
    public static final int MAX_DEPTH = 32;

    private Amounts() {}

    /**
     * What one unsigned part of a request states about the amount: each top-level {@code amount} and
     * {@code currency} member or parameter (names compared ignoring case), or why that part cannot be
     * compared with a declared amount.
     *
     * @param where      "the JSON body", "the form body", "the query", ...
     * @param amounts    every amount stated
     * @param currencies every currency stated
     * @param unreadable why the part cannot be compared (then the lists are empty)
     */
    public record Stated(String where, List<BigDecimal> amounts, List<String> currencies, Optional<String> unreadable) {
        static Stated none(String where) {
            return new Stated(where, List.of(), List.of(), Optional.empty());
        }

        static Stated unreadable(String where, String why) {
            return new Stated(where, List.of(), List.of(), Optional.of(why));
        }

        /**
         * Whether this part contradicts the amount the proof declares.
         *
         * @param declared the amount signed in the proof ({@code amt}, {@code cur})
         * @return why this part contradicts it (one line naming the part, with what to do), or empty if every
         *         stated amount equals it numerically and every stated currency is its currency
         */
        public Optional<String> contradiction(Amount declared) {
            if (unreadable.isPresent()) return Optional.of(where + " " + unreadable.get());
            for (BigDecimal a : amounts) {
                if (a.compareTo(declared.value()) != 0) {
                    return Optional.of(where + " states amount " + shown(a) + " but the proof declares " + declared + "; sign the amount the request carries");
                }
            }
            for (String c : currencies) {
                if (!c.equals(declared.currency())) {
                    return Optional.of(where + " states currency \"" + shorten(c) + "\" but the proof declares " + declared + "; sign the currency the request carries");
                }
            }
            return Optional.empty();
        }

        /**
         * The one amount this part states, which a client may declare in its proof.
         *
         * @return the amount, or empty if the part states no amount or currency, several different ones, or an
         *         amount or currency outside {@link Amount}'s range
         */
        public Optional<Amount> single() {
            if (amounts.isEmpty() || currencies.isEmpty() || currencies.stream().distinct().count() != 1
                    || amounts.stream().anyMatch(a -> a.compareTo(amounts.get(0)) != 0)) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Amount(amounts.get(0), currencies.get(0)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    // ------------------------------------------------------------------ the authorizer's two checks

    /** The amount the proof declares (claims {@code amt} and {@code cur}, both or neither). */
    static Optional<Amount> declared(JsonObject claims) throws CapabilityException {
        if (!claims.containsKey("amt") && !claims.containsKey("cur")) return Optional.empty();
        if (!(claims.get("amt") instanceof JsonString amt) || !(claims.get("cur") instanceof JsonString cur)) {
            throw new CapabilityException("proof claims amt and cur must both be strings (a decimal such as \"120.50\" and an ISO 4217 code) or both be absent");
        }
        try {
            return Optional.of(Amount.of(amt.getString(), cur.getString()));
        } catch (CapabilityException e) {
            throw new CapabilityException("proof " + e.getMessage());
        }
    }

    /**
     * The refusal ({@code AMOUNT_MISMATCH}) when the {@code Mandate-Amount} header, the body or the query
     * state an amount other than the declared one; the body and query are read only when an amount is declared.
     */
    static Optional<Reason> contradiction(Optional<Amount> declared, HttpRequestView request, byte[] body, CanonicalUrl url) {
        Optional<String> h = request.header(HEADER);
        if (h.isPresent()) {
            Amount stated;
            try {
                stated = Amount.parse(h.get());
            } catch (CapabilityException e) {
                return mismatch(HEADER + ": " + e.getMessage() + "; send the signed amount or no header");
            }
            if (declared.isEmpty()) {
                return mismatch(HEADER + " says " + stated + " but the proof declares no amount; sign the amount in the proof (amt, cur) or drop the header");
            }
            if (!stated.sameAs(declared.get())) {
                return mismatch(HEADER + " says " + stated + " but the proof declares " + declared.get() + "; send the signed amount or drop the header");
            }
        }
        if (declared.isEmpty()) return Optional.empty();
        for (Stated s : List.of(read(body, request.header("Content-Type"), request.header("Content-Encoding")), inQuery(url.query().orElse("")))) {
            Optional<String> why = s.contradiction(declared.get());
            if (why.isPresent()) return mismatch(why.get());
        }
        return Optional.empty();
    }

    /** The refusal ({@code AMOUNT_MISMATCH}) when one of {@code parts} states another amount than the declared one. */
    static Optional<Reason> contradiction(Optional<Amount> declared, List<Stated> parts) {
        if (declared.isEmpty()) return Optional.empty();
        for (Stated s : parts) {
            Optional<String> why = s.contradiction(declared.get());
            if (why.isPresent()) return mismatch(why.get());
        }
        return Optional.empty();
    }

    /** The refusal when capability constraints {@code k} limit the amount and the declared one is missing or outside. */
    static Optional<Reason> outsideLimit(Constraints k, Optional<Amount> declared) {
        if (k.maxAmount().isEmpty()) return Optional.empty();
        String limit = k.maxAmount().get().toPlainString() + " " + k.currency().orElse("");
        if (declared.isEmpty()) {
            return Optional.of(Reason.of(Code.AMOUNT_MISSING, "the capability allows at most " + limit
                    + " per request but the proof declares no amount; sign it (amt and cur: an Intent with an Amount, or mandate request --amount)"));
        }
        Amount a = declared.get();
        if (!a.currency().equals(k.currency().orElse(""))) {
            return Optional.of(Reason.of(Code.AMOUNT_NOT_ALLOWED, "the declared currency " + a.currency() + " is not the capability's " + k.currency().orElse("")));
        }
        if (a.value().compareTo(k.maxAmount().get()) > 0) {
            return Optional.of(Reason.of(Code.AMOUNT_NOT_ALLOWED, "the declared amount " + a + " exceeds the capability's maxAmount " + limit));
        }
        return Optional.empty();
    }

    private static Optional<Reason> mismatch(String message) {
        return Optional.of(Reason.of(Code.AMOUNT_MISMATCH, message));
    }

    // ------------------------------------------------------------------ reading the unsigned parts

    /**
     * What a request's body states, read with its {@code Content-Type} and {@code Content-Encoding} headers. JSON
     * is recognised by its content, not its Content-Type: after an optional UTF-8 byte order mark and any bytes up
     * to 0x20, a <code>&#123;</code> or <code>[</code> starts JSON (an array or anything that does not parse, within
     * {@link #MAX_BODY_BYTES} and {@link #MAX_DEPTH}, cannot be compared). A body with Content-Type
     * {@code application/x-www-form-urlencoded} (any case), or with no Content-Type, is read as a form. A
     * multipart, UTF-16/32 or content-encoded body ({@code identity} counts as not encoded) cannot be compared.
     *
     * @param request the request as sent (its body possibly empty)
     * @return what the body states: none for an empty body or another media type, or why it cannot be compared
     * @throws NullPointerException if {@code request} is null
     */
    public static Stated inBody(HttpRequestView request) {
        Objects.requireNonNull(request, "request");
        return read(request.body(), request.header("Content-Type"), request.header("Content-Encoding"));
    }

    /**
     * What a body states. JSON is recognised by its content, not its Content-Type: after an optional UTF-8
     * byte order mark and any bytes up to 0x20, a <code>&#123;</code> or <code>[</code> starts JSON (an array or anything
     * that does not parse, within {@link #MAX_BODY_BYTES} and {@link #MAX_DEPTH}, cannot be compared). A
     * body with Content-Type {@code application/x-www-form-urlencoded} (any case), or with no Content-Type,
     * is read as a form. A multipart, UTF-16/32 or content-encoded body cannot be compared.
     *
     * @param body            the request body as sent, possibly empty
     * @param contentType     the {@code Content-Type} header, if any
     * @param contentEncoding the {@code Content-Encoding} header, if any ({@code identity} counts as none)
     * @return what the body states: none for an empty body or another media type, or why it cannot be compared
     * @deprecated use {@link #inBody(HttpRequestView)} (a {@link dev.mandate.agent.request.SimpleRequest} over
     *     the body and headers), which reads the headers it needs; this form gives the same answer
     */
    @Deprecated
    public static Stated inBody(byte[] body, Optional<String> contentType, Optional<String> contentEncoding) {
        return read(body, contentType, contentEncoding);
    }

    private static Stated read(byte[] body, Optional<String> contentType, Optional<String> contentEncoding) {
        if (body.length == 0) return Stated.none("the body");
        String encoding = contentEncoding.orElse("").trim();
        if (!encoding.isEmpty() && !encoding.equalsIgnoreCase("identity")) {
            return Stated.unreadable("the body", "is " + shorten(encoding) + "-encoded, so its amount cannot be compared with the signed one; send it without Content-Encoding");
        }
        int i = hasUtf8Bom(body) ? 3 : 0;
        while (i < body.length && (body[i] & 0xff) <= 0x20) i++;
        if (i + 1 < body.length && ((body[i] & 0xff) == 0xFE && (body[i + 1] & 0xff) == 0xFF || (body[i] & 0xff) == 0xFF && (body[i + 1] & 0xff) == 0xFE)) {
            return Stated.unreadable("the body", "is UTF-16 or UTF-32, so its amount cannot be compared with the signed one; send UTF-8 JSON");
        }
        if (i < body.length && (body[i] == '{' || body[i] == '[')) return json(body);
        String media = contentType.orElse("").split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (media.equals("application/x-www-form-urlencoded") || media.isEmpty()) {
            if (body.length > MAX_BODY_BYTES) return Stated.unreadable("the form body", "is larger than " + MAX_BODY_BYTES + " bytes; send a smaller body");
            return form("the form body", new String(body, StandardCharsets.ISO_8859_1));
        }
        if (media.startsWith("multipart/")) {
            return Stated.unreadable("the multipart body", "cannot be compared with the signed amount; send the amount as JSON or as a form");
        }
        return Stated.none("the body");
    }

    /**
     * What a query states in its {@code amount} and {@code currency} parameters (names compared ignoring case).
     *
     * @param query the raw query without {@code ?} ({@code a=1&b=2}, {@code ;} also separating), empty for none
     * @return what the query states, or why it cannot be compared (a value that is not a decimal)
     */
    public static Stated inQuery(String query) {
        return query.isEmpty() ? Stated.none("the query") : form("the query", query);
    }

    /**
     * What a JSON document states at two JSON pointers (RFC 6901), e.g. an MCP tool's {@code arguments} at
     * {@code /amount} and {@code /currency}: the same rules as for a JSON body's top-level members (the amount
     * a JSON number or a decimal string such as {@code "120.50"}, the currency a string); a pointer that
     * names nothing states nothing; a pointer that is not valid, or a value of another type, cannot be compared.
     *
     * @param document       the JSON to read, e.g. a tool call's arguments
     * @param amountPointer  e.g. {@code /amount} or {@code /payment/total}
     * @param currencyPointer e.g. {@code /currency}
     * @param where          names the part in messages ("the arguments of tool pay_invoice")
     * @return what the document states at the pointers, or why it cannot be compared
     */
    public static Stated inJsonAt(JsonValue document, String amountPointer, String currencyPointer, String where) {
        List<BigDecimal> amounts = new ArrayList<>();
        List<String> currencies = new ArrayList<>();
        JsonValue amount;
        JsonValue currency;
        try {
            amount = at(document, amountPointer);
            currency = at(document, currencyPointer);
        } catch (RuntimeException e) {
            return Stated.unreadable(where, "cannot be read at the configured JSON pointers (" + shorten(String.valueOf(e.getMessage())) + ")");
        }
        if (amount != null) {
            Optional<String> bad = addAmount(amount, amounts);
            if (bad.isPresent()) return Stated.unreadable(where, "states " + amountPointer + " " + bad.get());
        }
        if (currency != null) {
            if (!(currency instanceof JsonString s)) {
                return Stated.unreadable(where, "states " + currencyPointer + " " + shorten(currency.toString()) + ", which is not a string; send an ISO 4217 code");
            }
            currencies.add(s.getString());
        }
        return new Stated(where, amounts, currencies, Optional.empty());
    }

    /** The value at {@code pointer} in {@code doc}, or null when it names nothing; throws for an invalid pointer. */
    private static JsonValue at(JsonValue doc, String pointer) {
        if (pointer.isEmpty()) return doc;
        if (!(doc instanceof jakarta.json.JsonStructure structure)) return null;
        jakarta.json.JsonPointer p = dev.mandate.vc.json.Jsonp.PROVIDER.createPointer(pointer);
        return p.containsValue(structure) ? p.getValue(structure) : null;
    }

    /** Adds a JSON number or decimal string to {@code amounts}; else says why it cannot be compared. */
    private static Optional<String> addAmount(JsonValue value, List<BigDecimal> amounts) {
        if (value instanceof JsonNumber n) {
            amounts.add(n.bigDecimalValue());
        } else if (value instanceof JsonString s && Amount.DECIMAL.matcher(s.getString()).matches()) {
            amounts.add(new BigDecimal(s.getString()));
        } else {
            return Optional.of(shorten(value.toString()) + ", which is not a JSON number or a decimal string such as \"120.50\"; send one");
        }
        return Optional.empty();
    }

    private static Stated json(byte[] body) {
        JsonValue v;
        try {
            v = BoundedJson.parse(body, BoundedJson.Limits.DEFAULT.withMaxBytes(MAX_BODY_BYTES).withMaxDepth(MAX_DEPTH));
        } catch (JsonInputException e) {
            return Stated.unreadable("the JSON body", "cannot be read (" + e.getMessage() + "), so its amount cannot be compared with the signed one; send strict UTF-8 JSON");
        }
        if (v.getValueType() == JsonValue.ValueType.ARRAY) {
            return Stated.unreadable("the JSON body", "is an array, which states no single amount; send one JSON object");
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) return Stated.none("the JSON body");
        List<BigDecimal> amounts = new ArrayList<>();
        List<String> currencies = new ArrayList<>();
        for (Map.Entry<String, JsonValue> e : v.asJsonObject().entrySet()) {
            String name = e.getKey();
            JsonValue value = e.getValue();
            if (name.equalsIgnoreCase("amount")) {
                Optional<String> bad = addAmount(value, amounts);
                if (bad.isPresent()) return Stated.unreadable("the JSON body", "states " + shorten(name) + " " + bad.get());
            } else if (name.equalsIgnoreCase("currency")) {
                if (!(value instanceof JsonString s)) {
                    return Stated.unreadable("the JSON body", "states " + shorten(name) + " " + shorten(value.toString()) + ", which is not a string; send an ISO 4217 code");
                }
                currencies.add(s.getString());
            }
        }
        return new Stated("the JSON body", amounts, currencies, Optional.empty());
    }

    private static Stated form(String where, String text) {
        List<BigDecimal> amounts = new ArrayList<>();
        List<String> currencies = new ArrayList<>();
        for (String pair : text.split("[&;]")) {
            int eq = pair.indexOf('=');
            String name = formDecode(eq < 0 ? pair : pair.substring(0, eq));
            if (name == null) continue;
            boolean isAmount = name.equalsIgnoreCase("amount");
            if (!isAmount && !name.equalsIgnoreCase("currency")) continue;
            String value = eq < 0 ? "" : formDecode(pair.substring(eq + 1));
            if (value == null) return Stated.unreadable(where, "has a malformed escape in its " + shorten(name) + " value; send it percent-encoded UTF-8");
            if (!isAmount) {
                currencies.add(value);
            } else if (Amount.DECIMAL.matcher(value).matches()) {
                amounts.add(new BigDecimal(value));
            } else {
                return Stated.unreadable(where, "states " + shorten(name) + " \"" + shorten(value) + "\", which is not a decimal such as 120.50; send one");
            }
        }
        return new Stated(where, amounts, currencies, Optional.empty());
    }

    /** application/x-www-form-urlencoded decoding ({@code +} is a space); null if an escape or the UTF-8 is malformed. */
    private static String formDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c != '%') {
                out.write(c);
            } else if (i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean hasUtf8Bom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF;
    }

    private static String shown(BigDecimal a) {
        return Math.abs((long) a.scale()) > 40 || a.precision() > 40 ? a.toString() : a.toPlainString();
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
