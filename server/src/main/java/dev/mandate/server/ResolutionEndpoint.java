package dev.mandate.server;

import dev.mandate.did.resolve.DereferenceResult;
import dev.mandate.did.resolve.DidResolver;
import dev.mandate.did.resolve.ErrorCode;
import dev.mandate.did.resolve.ResolutionResult;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The DID Resolution HTTP(S) binding at {@code /1.0/identifiers/{did}}: reads the DID or DID URL from the path and
 * the resolution options ({@code publicKeyFormat}, {@code enableExperimentalPublicKeyTypes}) from the query,
 * negotiates the representation from the Accept header (resolution result, profiled JSON-LD result, or the bare
 * DID document), and maps resolution errors to the binding's HTTP statuses. {@link ApiHandler} routes to it after
 * checking the method and the {@code resolve} access token.
 */
final class ResolutionEndpoint {
    /** The path prefix of the binding; the rest of the path is the DID or DID URL. */
    static final String PREFIX = "/1.0/identifiers/";
    private static final String RESOLUTION_TYPE = "application/did-resolution";
    /** The DID Resolution result as JSON-LD, as the did:key test suite and older resolvers ask for it. */
    static final String PROFILED_RESOLUTION_TYPE = "application/ld+json;profile=\"https://w3id.org/did-resolution\"";

    private final DidResolver resolver;

    ResolutionEndpoint(DidResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * Answers {@code GET /1.0/identifiers/{did}} (the caller checked the method and the access token):
     * resolves a DID or dereferences a DID URL and answers in the representation the Accept header asks for.
     */
    void resolve(Exchange ex, String rawIdentifier) {
        String id = identifier(rawIdentifier);
        ResolutionOptions options = ResolutionOptions.of(ex.request.getHttpURI().getQuery());
        if (!options.rest().isEmpty()) {
            id = id + "?" + options.rest();
        }
        String accept = ex.request.getHeaders().get(HttpHeader.ACCEPT);
        Representation rep = representation(accept);
        String resultType = rep == Representation.PROFILED_RESULT ? PROFILED_RESOLUTION_TYPE : RESOLUTION_TYPE;
        boolean isUrl = id.indexOf('/') >= 0 || id.indexOf('?') >= 0 || id.indexOf('#') >= 0;
        if (rep == Representation.NONE) {
            ResolutionResult err = ResolutionResult.error(ErrorCode.REPRESENTATION_NOT_SUPPORTED,
                    "Accept " + Exchange.clip(accept) + " is not supported; ask for application/did-resolution, "
                            + "application/ld+json;profile=\"https://w3id.org/did-resolution\", application/did+json or application/did+ld+json");
            ex.json(406, RESOLUTION_TYPE, err.toJson());
            return;
        }
        if (!isUrl) {
            ResolutionResult r = resolver.resolve(id);
            if (r.isSuccess() && options.publicKeyFormat().isPresent() && id.startsWith("did:key:")) {
                PublicKeyFormat.Outcome o = PublicKeyFormat.apply(r.didDocument().orElseThrow().toJson(),
                        options.publicKeyFormat().get(), options.experimental());
                if (o instanceof PublicKeyFormat.Refused refused) {
                    r = ResolutionResult.error(refused.code(), refused.message());
                } else {
                    JsonObject doc = ((PublicKeyFormat.Rewritten) o).document();
                    if (rep == Representation.DOCUMENT) {
                        ex.json(200, ResolutionResult.DID_LD_JSON, doc);
                    } else {
                        ex.json(200, resultType, Jsonp.PROVIDER.createObjectBuilder(r.toJson()).add("didDocument", doc).build());
                    }
                    return;
                }
            }
            if (r.isSuccess() && rep == Representation.DOCUMENT) {
                ex.json(200, r.contentType().orElse(ResolutionResult.DID_JSON), r.didDocument().orElseThrow().toJson());
            } else {
                ex.json(r.error().map(ResolutionEndpoint::status).orElse(200), resultType, r.toJson());
            }
            return;
        }
        DereferenceResult d = resolver.dereference(id);
        if (d.isSuccess() && options.publicKeyFormat().isPresent() && id.startsWith("did:key:")) {
            PublicKeyFormat.Outcome o = PublicKeyFormat.apply(d.didDocument().orElseThrow().toJson(),
                    options.publicKeyFormat().get(), options.experimental());
            if (o instanceof PublicKeyFormat.Refused refused) {
                d = DereferenceResult.error(refused.code(), refused.message());
            } else {
                JsonObject doc = ((PublicKeyFormat.Rewritten) o).document();
                JsonObject content = d.content().orElseThrow();
                JsonObject rewritten = content.equals(d.didDocument().orElseThrow().toJson()) ? doc : sameId(doc, content);
                if (rep == Representation.DOCUMENT) {
                    ex.json(200, rewritten == doc ? ResolutionResult.DID_LD_JSON : Exchange.JSON, rewritten);
                } else {
                    ex.json(200, resultType, Jsonp.PROVIDER.createObjectBuilder(d.toJson()).add("contentStream", rewritten).build());
                }
                return;
            }
        }
        if (d.isSuccess() && rep == Representation.DOCUMENT) {
            JsonObject content = d.content().orElseThrow();
            boolean isDocument = d.didDocument().map(doc -> doc.toJson().equals(content)).orElse(false);
            ex.json(200, isDocument ? (content.containsKey("@context") ? ResolutionResult.DID_LD_JSON : ResolutionResult.DID_JSON)
                    : Exchange.JSON, content);
        } else {
            ex.json(d.error().map(ResolutionEndpoint::status).orElse(200), resultType, d.toJson());
        }
    }

    /** The verification method of {@code doc} with the id of {@code original}, or {@code original} if none has it. */
    private static JsonObject sameId(JsonObject doc, JsonObject original) {
        JsonValue id = original.get("id");
        if (doc.get("verificationMethod") instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (v instanceof JsonObject o && id != null && id.equals(o.get("id"))) {
                    return o;
                }
            }
        }
        return original;
    }

    /**
     * The resolution options of the HTTP(S) binding that Mandate reads from the request's query
     * ({@code publicKeyFormat}, {@code enableExperimentalPublicKeyTypes}); the rest of the query stays part of
     * the DID URL, as before.
     */
    record ResolutionOptions(Optional<String> publicKeyFormat, boolean experimental, String rest) {
        static ResolutionOptions of(String query) {
            if (query == null || query.isEmpty()) {
                return new ResolutionOptions(Optional.empty(), false, "");
            }
            Optional<String> format = Optional.empty();
            boolean experimental = false;
            List<String> rest = new ArrayList<>();
            for (String pair : query.split("&", -1)) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1).replace('+', ' '));
                if (name.equals("publicKeyFormat")) {
                    format = Optional.of(value);
                } else if (name.equals("enableExperimentalPublicKeyTypes")) {
                    experimental = value.equals("true");
                } else {
                    rest.add(pair);
                }
            }
            return new ResolutionOptions(format, experimental, String.join("&", rest));
        }
    }

    private enum Representation { RESULT, PROFILED_RESULT, DOCUMENT, NONE }

    private static Representation representation(String accept) {
        if (accept == null || accept.isBlank()) {
            return Representation.RESULT;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        if (a.contains("application/ld+json") && a.contains("https://w3id.org/did-resolution")) {
            return Representation.PROFILED_RESULT;
        }
        if (a.contains("application/did-resolution") || a.contains("https://w3id.org/did-resolution")) {
            return Representation.RESULT;
        }
        if (a.contains("application/did+json") || a.contains("application/did+ld+json") || a.contains("application/did,")
                || a.equals("application/did")) {
            return Representation.DOCUMENT;
        }
        if (a.contains("application/json") || a.contains("application/ld+json") || a.contains("*/*") || a.contains("application/*")) {
            return Representation.RESULT;
        }
        return Representation.NONE;
    }

    /**
     * The DID or DID URL in the request path. A client may send it as is ({@code did:web:example.com%3A8443},
     * with {@code %23} for a fragment's {@code #}) or percent-encoded as a whole ({@code did%3Aweb%3A...}),
     * which is decoded once.
     */
    static String identifier(String raw) {
        if (raw.regionMatches(true, 0, "did%3A", 0, 6)) {
            return percentDecode(raw);
        }
        return raw.replace("%23", "#");
    }

    private static String percentDecode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The HTTP status the DID Resolution HTTP(S) binding assigns to an error. */
    static int status(ErrorCode e) {
        switch (e) {
            case NOT_FOUND:
                return 404;
            case METHOD_NOT_SUPPORTED:
                return 501;
            case REPRESENTATION_NOT_SUPPORTED:
                return 406;
            case INVALID_DID_DOCUMENT:
                return 502;
            case INTERNAL_ERROR:
                return 500;
            default:
                return 400;
        }
    }
}
