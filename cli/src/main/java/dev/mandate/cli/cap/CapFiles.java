package dev.mandate.cli.cap;

import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.chain.Chains;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.cli.CliEnvironment;
import dev.mandate.cli.CliException;
import dev.mandate.cli.vc.Inputs;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Files of the capability commands: a chain file (one credential, or a JSON array of credentials, root
 * first) and a request file:
 * <pre>{"method": "GET", "uri": "https://...", "headers": {"Authorization": "Mandate ...", ...},
 *  "body": "UTF-8 text"}        (or "bodyBase64": "..." for binary bodies)</pre>
 */
final class CapFiles {
    private CapFiles() {}

    /** Reads a credential or a chain array. */
    static List<JsonObject> readChain(String file, CliEnvironment env) {
        String text = Inputs.read(file, env);
        try {
            JsonValue v = BoundedJson.parse(text, BoundedJson.Limits.DEFAULT.withMaxBytes(Inputs.MAX_INPUT));
            if (v instanceof JsonObject o) return List.of(o);
            return Chains.parseArray(text.getBytes(StandardCharsets.UTF_8));
        } catch (JsonInputException | CapabilityException e) {
            throw CliException.usage(file, e.getMessage(), "pass a capability credential or a JSON array of them, root first", e);
        }
    }

    /** The JCS-friendly default suite for a key type. */
    static String suiteFor(KeyMaterial km) {
        if (km.keyType() == KeyType.ED25519) return "eddsa-jcs-2022";
        if (km.keyType() == KeyType.P256 || km.keyType() == KeyType.P384) return "ecdsa-jcs-2019";
        throw CliException.usage(km.keyType().curve(), "this key type cannot sign capability credentials", "use an Ed25519, P-256 or P-384 key");
    }

    /** The request file of a request. */
    static JsonObject requestFile(String method, String uri, Map<String, String> headers, byte[] body) {
        JsonObjectBuilder h = Jsonp.PROVIDER.createObjectBuilder();
        headers.forEach(h::add);
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder().add("method", method).add("uri", uri).add("headers", h);
        String text = new String(body, StandardCharsets.UTF_8);
        if (java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), body)) b.add("body", text);
        else b.add("bodyBase64", Base64.getEncoder().encodeToString(body));
        return b.build();
    }

    /** Reads a request file. */
    static SimpleRequest readRequest(String file, CliEnvironment env) {
        JsonObject o = Inputs.readObject(file, env);
        if (!(o.get("method") instanceof JsonString m) || !(o.get("uri") instanceof JsonString u)) {
            throw CliException.usage(file, "a request file needs \"method\" and \"uri\" strings", "see mandate authorize --help");
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (o.get("headers") instanceof JsonObject h) {
            h.forEach((k, v) -> { if (v instanceof JsonString s) headers.put(k, s.getString()); });
        } else if (o.containsKey("headers")) {
            throw CliException.usage(file, "\"headers\" must be an object of strings", "see mandate authorize --help");
        }
        byte[] body = new byte[0];
        if (o.get("body") instanceof JsonString s) body = s.getString().getBytes(StandardCharsets.UTF_8);
        else if (o.get("bodyBase64") instanceof JsonString s) {
            try {
                body = Base64.getDecoder().decode(s.getString());
            } catch (IllegalArgumentException e) {
                throw CliException.usage(file, "\"bodyBase64\" is not base64", "encode the body with standard base64");
            }
        }
        return new SimpleRequest(m.getString(), u.getString(), headers, body);
    }

    static JsonArray array(List<JsonObject> chain) { return Chains.toArray(chain); }
}
