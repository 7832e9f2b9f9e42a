package dev.mandate.server;

import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.agents.AgentException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

/**
 * What the registry and audit routes ({@link RegistryEndpoints}, {@link AuditEndpoints}) share: reading the members of
 * their request bodies and query strings ({@link Invalid} names the member and what to send), and answering the
 * registry's and the store's refusals with their HTTP statuses ({@link #guarded}, {@link #storeFailed}). Stateless.
 */
final class RegistryRequests {
    /** Longest Multikey accepted (a P-384 public key is about 70 characters). */
    static final int MAX_MULTIKEY_CHARS = 256;

    private RegistryRequests() {
    }

    /** Bad input detected here (not by the registry). */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    @FunctionalInterface
    interface Call {
        void run() throws AgentException, StoreException, Invalid;
    }

    static void guarded(Exchange ex, Call call) {
        try {
            call.run();
        } catch (Invalid e) {
            bad(ex, 400, "BAD_REQUEST", "Bad Request", e.getMessage());
        } catch (AgentException e) {
            switch (e.reason()) {
                case NOT_FOUND -> bad(ex, 404, "NOT_FOUND", "Not Found", e.getMessage());
                case DUPLICATE, ILLEGAL_TRANSITION -> bad(ex, 409, "CONFLICT", "Conflict", e.getMessage());
                case INVALID -> bad(ex, 400, "BAD_REQUEST", "Bad Request", e.getMessage());
            }
        } catch (StoreException e) {
            storeFailed(ex, e);
        }
    }

    static void storeFailed(Exchange ex, StoreException e) {
        switch (e.reason()) {
            case NOT_FOUND -> bad(ex, 404, "NOT_FOUND", "Not Found", e.getMessage());
            case CONFLICT -> bad(ex, 409, "CONFLICT", "Conflict", e.getMessage());
            case INVALID -> bad(ex, 400, "BAD_REQUEST", "Bad Request", e.getMessage());
            default -> bad(ex, 503, "STORE_UNAVAILABLE", "Service Unavailable", "the store cannot be used now; retry later");
        }
    }

    static void bad(Exchange ex, int status, String code, String title, String detail) {
        ex.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        ex.problem(status, Exchange.ERRORS + code, title, detail.replaceAll("[\\r\\n]+", " "));
    }

    static void notAllowed(Exchange ex, String route, String allowed) {
        ex.response.getHeaders().put(HttpHeader.ALLOW, allowed);
        ex.problem(405, Exchange.ERRORS + "METHOD_NOT_ALLOWED", "Method Not Allowed", route + " accepts " + allowed + " only");
    }

    static String required(JsonObject b, String field) throws Invalid {
        JsonValue v = b.get(field);
        if (!(v instanceof JsonString s) || s.getString().isBlank()) {
            throw new Invalid("\"" + field + "\" must be a non-empty string");
        }
        return s.getString();
    }

    /**
     * A DID that is about to be registered or added: the DID Core ABNF, and for did:key / did:jwk a supported signature
     * key ({@link dev.mandate.did.resolve.DidValidation}); the problem names the field and the value.
     */
    static String did(JsonObject b, String field, String remedy) throws Invalid {
        String did = required(b, field);
        Optional<String> problem = dev.mandate.did.resolve.DidValidation.problem(did);
        if (problem.isPresent()) {
            throw new Invalid("\"" + field + "\": " + Exchange.clip(did) + ": " + problem.get() + "; " + remedy);
        }
        return did;
    }

    static String optional(JsonObject b, String field, String dflt) throws Invalid {
        JsonValue v = b.get(field);
        if (v == null || v == JsonValue.NULL) {
            return dflt;
        }
        if (!(v instanceof JsonString s)) {
            throw new Invalid("\"" + field + "\" must be a string");
        }
        return s.getString();
    }

    static String actor(JsonObject b) throws Invalid {
        return required(b, "actor");
    }

    static PublicKeyValue publicKey(JsonObject b, String field) throws Invalid {
        String mb = required(b, field);
        if (mb.length() > MAX_MULTIKEY_CHARS) {
            throw new Invalid("\"" + field + "\" is longer than " + MAX_MULTIKEY_CHARS + " characters; no Multikey public key is");
        }
        try {
            return PublicKeyValue.fromMultikey(mb);
        } catch (DecodingException | RuntimeException e) {
            throw new Invalid("\"" + field + "\" is not a Multikey public key (z6Mk..., zDn...): " + e.getMessage());
        }
    }

    static String query(Exchange ex, String name) {
        String q = ex.request.getHttpURI().getQuery();
        if (q == null) {
            return null;
        }
        for (String part : q.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                return decode(part.substring(eq + 1)).orElse("");
            }
        }
        return null;
    }

    static long number(String text, long dflt, long max, String name) throws Invalid {
        if (text == null) {
            return dflt;
        }
        if (!text.matches("[0-9]{1,18}")) {
            throw new Invalid(name + " must be a non-negative integer, got '" + Exchange.clip(text) + "'");
        }
        long v = Long.parseLong(text);
        if (v > max) {
            throw new Invalid(name + " must be at most " + max);
        }
        return v;
    }

    /** Percent-decodes once ('+' stays '+'); empty for a malformed escape or invalid UTF-8. */
    static Optional<String> decode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7f) {
                return Optional.empty();
            } else {
                out.write(c);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
