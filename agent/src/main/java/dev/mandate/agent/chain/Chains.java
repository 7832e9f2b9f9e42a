package dev.mandate.agent.chain;

import dev.mandate.agent.CapabilityException;
import dev.mandate.vc.jcs.Jcs;
import dev.mandate.vc.jcs.JcsException;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The wire form of a chain: a JSON array of credentials, root first, carried in the
 * {@code Mandate-Chain} header as unpadded base64url of its UTF-8 JSON; and its digest,
 * {@code sha-256=:<base64 of SHA-256(JCS(array))>:}.
 */
public final class Chains {
    /** The request header carrying the chain. */
    public static final String HEADER = "Mandate-Chain";
    /** Largest accepted header value, in characters. */
    public static final int MAX_HEADER_CHARS = 64 * 1024;
    /** Most links in a chain (root included). */
    public static final int MAX_LINKS = TrustPolicy.MAX_DEPTH_CEILING + 1;

    private Chains() {}

    /** The JSON array of the chain. */
    public static JsonArray toArray(List<JsonObject> chain) {
        JsonArrayBuilder a = Jsonp.PROVIDER.createArrayBuilder();
        chain.forEach(a::add);
        return a.build();
    }

    /** The {@code Mandate-Chain} header value. */
    public static String encodeHeader(List<JsonObject> chain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(toArray(chain).toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a {@code Mandate-Chain} header value (bounded: size, depth, link count). */
    public static List<JsonObject> decodeHeader(String header) throws CapabilityException {
        if (header.length() > MAX_HEADER_CHARS) throw new CapabilityException(HEADER + " is longer than " + MAX_HEADER_CHARS + " characters");
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(header.trim());
        } catch (IllegalArgumentException e) {
            throw new CapabilityException(HEADER + " is not base64url");
        }
        return parseArray(json);
    }

    /** Reads a chain JSON array (bounded). */
    public static List<JsonObject> parseArray(byte[] json) throws CapabilityException {
        JsonValue v;
        try {
            v = BoundedJson.parse(json, BoundedJson.Limits.DEFAULT.withMaxBytes(MAX_HEADER_CHARS).withMaxDepth(32));
        } catch (JsonInputException e) {
            throw new CapabilityException("chain is not valid JSON: " + e.getMessage());
        }
        if (!(v instanceof JsonArray a)) throw new CapabilityException("chain must be a JSON array of credentials, root first");
        if (a.isEmpty() || a.size() > MAX_LINKS) throw new CapabilityException("chain must hold 1 to " + MAX_LINKS + " credentials, not " + a.size());
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue x : a) {
            if (!(x instanceof JsonObject o)) throw new CapabilityException("chain entries must be credential objects");
            out.add(o);
        }
        return List.copyOf(out);
    }

    /** {@code sha-256=:<base64 SHA-256 of JCS(chain array)>:}. */
    public static String digest(List<JsonObject> chain) throws CapabilityException {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(Jcs.canonicalizeToUtf8(toArray(chain)));
            return "sha-256=:" + Base64.getEncoder().encodeToString(d) + ":";
        } catch (JcsException e) {
            throw new CapabilityException("chain cannot be canonicalized with JCS: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
