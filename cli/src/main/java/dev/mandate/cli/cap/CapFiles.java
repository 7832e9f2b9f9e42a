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
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

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
        return new SimpleRequest(method, uri, headers, body).toJson();
    }

    /** Reads a request file. */
    static SimpleRequest readRequest(String file, CliEnvironment env) {
        try {
            return SimpleRequest.fromJson(Inputs.readObject(file, env));
        } catch (CapabilityException e) {
            throw CliException.usage(file, e.getMessage(), "see mandate authorize --help", e);
        }
    }

    static JsonArray array(List<JsonObject> chain) { return Chains.toArray(chain); }
}
