package dev.mandate.server;

import dev.mandate.server.config.Limits;
import dev.mandate.server.config.Token;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

import static dev.mandate.server.VcApiBodies.describe;

/**
 * What the API routes check before their work: the access token of the request ({@link #authorize}) and its body,
 * read within the size limit and parsed within the JSON limits ({@link #readObject}). Each refusal has been answered
 * (401/403, 413, 400) when these return false or empty.
 */
final class RequestChecks {
    private final Limits limits;
    private final BoundedJson.Limits jsonLimits;
    private final AccessTokens tokens;

    RequestChecks(Limits limits, AccessTokens tokens) {
        this.limits = limits;
        this.jsonLimits = new BoundedJson.Limits(limits.maxBodyBytes(), limits.maxJsonDepth());
        this.tokens = tokens;
    }

    // ---------------------------------------------------------------------------------------------
    // access control

    /** True if the request may proceed; otherwise a 401 or 403 has been sent. */
    boolean authorize(Exchange ex, String group, String issuerName) {
        if (!group.equals("issue") && tokens.isOpen(group)) {
            return true;
        }
        String h = ex.request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (h == null || h.isBlank()) {
            ex.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"mandate\"");
            ex.problem(401, Exchange.ERRORS + "UNAUTHORIZED", "Unauthorized",
                    "this endpoint needs an access token: send 'Authorization: Bearer TOKEN'");
            return false;
        }
        if (h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ex.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"mandate\", error=\"invalid_request\"");
            ex.problem(401, Exchange.ERRORS + "UNAUTHORIZED", "Unauthorized",
                    "the Authorization header must be 'Bearer TOKEN'");
            return false;
        }
        Optional<Token> token = tokens.find(h.substring(7).trim());
        if (token.isEmpty()) {
            ex.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"mandate\", error=\"invalid_token\"");
            ex.problem(401, Exchange.ERRORS + "UNAUTHORIZED", "Unauthorized", "the access token is not valid");
            return false;
        }
        ex.request.setAttribute(Exchange.ATTR_TOKEN, token.get().name());
        if (!AccessTokens.allows(token.get(), group, issuerName)) {
            ex.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"mandate\", error=\"insufficient_scope\"");
            ex.problem(403, Exchange.ERRORS + "FORBIDDEN", "Forbidden", "access token '" + token.get().name() + "' may not use "
                    + (group.equals("issue") ? "issuer '" + issuerName + "'" : "the " + group + " endpoints"));
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // bodies

    /** The request body as a JSON object, or empty after answering 4xx. */
    Optional<JsonObject> readObject(Exchange ex, String shape) {
        return readBody(ex).flatMap(bytes -> parseObject(ex, bytes, shape));
    }

    /** The request body's bytes within the size limit, or empty after answering 4xx. */
    Optional<byte[]> readBody(Exchange ex) {
        try {
            return Optional.of(ex.body(limits.maxBodyBytes()));
        } catch (Exchange.BodyException e) {
            if (e.status == 413) {
                ex.response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            ex.problem(e.status, e.type, e.title, e.getMessage());
            return Optional.empty();
        }
    }

    /** The body parsed within the JSON limits as an object, or empty after answering 400. */
    Optional<JsonObject> parseObject(Exchange ex, byte[] bytes, String shape) {
        JsonValue v;
        try {
            v = BoundedJson.parse(bytes, jsonLimits);
        } catch (JsonInputException e) {
            int status = e.reason() == JsonInputException.Reason.TOO_LARGE ? 413 : 400;
            ex.problem(status, e.errorType().typeUrl(), e.errorType().name(), "request body: " + e.getMessage());
            return Optional.empty();
        }
        if (!(v instanceof JsonObject o)) {
            ex.problem(400, ErrorType.PARSING_ERROR.typeUrl(), ErrorType.PARSING_ERROR.name(),
                    "the request body is " + describe(v) + "; send a JSON object " + shape);
            return Optional.empty();
        }
        return Optional.of(o);
    }

}
