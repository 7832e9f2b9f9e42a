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

    /**
     * The JSON array of a chain.
     *
     * @param chain the credentials, root first
     * @return the array, in the same order
     */
    public static JsonArray toArray(List<JsonObject> chain) {
        JsonArrayBuilder a = Jsonp.PROVIDER.createArrayBuilder();
        chain.forEach(a::add);
        return a.build();
    }

    /**
     * The {@code Mandate-Chain} header value of a chain.
     *
     * @param chain the credentials, root first
     * @return unpadded base64url of the array's UTF-8 JSON
     */
    public static String encodeHeader(List<JsonObject> chain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(toArray(chain).toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a {@code Mandate-Chain} header value, bounded in size ({@link #MAX_HEADER_CHARS}), JSON depth and
     * link count ({@link #MAX_LINKS}). Nothing is verified.
     *
     * @param header the header value; surrounding white space is ignored
     * @return the credentials, root first, immutable
     * @throws CapabilityException if the value is too long, not base64url, or not such an array
     */
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

    /**
     * Reads a chain JSON array (a chain file or a decoded header), bounded as {@link #decodeHeader} is.
     *
     * @param json the UTF-8 JSON of an array of 1 to {@link #MAX_LINKS} credential objects, root first
     * @return the credentials, immutable
     * @throws CapabilityException if it is not valid JSON within the bounds, or not such an array
     */
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

    /**
     * The chain digest a request proof binds ({@code chain_digest}).
     *
     * @param chain the credentials, root first
     * @return {@code sha-256=:<base64 of SHA-256 of the JCS (RFC 8785) form of the array>:}
     * @throws CapabilityException if the chain cannot be canonicalized with JCS
     */
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
