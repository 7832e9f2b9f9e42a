package dev.mandate.vc.verifier;

import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.verifier.jose.JoseAdapter;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Steps 1 and 2 of the {@link Verifier} pipeline: parses the input within bounds, picks the format adapter (JOSE
 * for a compact serialization, Data Integrity for JSON, the JWT inside an enveloped credential or presentation) and
 * returns what it verified as a {@link SecuredDocument}; input it cannot open becomes a rejected one, never an
 * exception.
 */
final class DocumentOpener {
    private static final Set<String> ENVELOPE_MEMBERS = Set.of("@context", "id", "type");

    private final BoundedJson.Limits limits;
    private final DataIntegrityAdapter dataIntegrity;
    private final JoseAdapter jose;

    DocumentOpener(BoundedJson.Limits limits, DataIntegrityAdapter dataIntegrity, JoseAdapter jose) {
        this.limits = limits;
        this.dataIntegrity = dataIntegrity;
        this.jose = jose;
    }

    /**
     * Steps 1 and 2 for one input: a JOSE string, JSON text, or a parsed value.
     *
     * @param nested true inside a presentation or for a status list: a presentation is then refused
     */
    SecuredDocument open(Object input, VerifyOptions options, Instant now, boolean nested) {
        if (input instanceof JsonString s) {
            input = s.getString();
        }
        if (input instanceof String text) {
            if (JoseAdapter.looksLikeJose(text)) {
                return jose.open(text, options, now, nested);
            }
            JsonValue parsed;
            try {
                parsed = BoundedJson.parse(text, limits);
            } catch (JsonInputException e) {
                return rejected("unknown", Verifier.FORMAT_DATA_INTEGRITY, Problem.of(e.errorType(), e.getMessage()));
            }
            input = parsed;
        }
        if (!(input instanceof JsonObject doc)) {
            String what = input instanceof JsonValue v ? "a JSON " + v.getValueType().name().toLowerCase() : "nothing";
            return rejected("unknown", Verifier.FORMAT_DATA_INTEGRITY, Problem.of(ErrorType.PARSING_ERROR, "input is " + what
                    + ", not a credential or presentation object"));
        }
        boolean envelopedVc = hasType(doc, "EnvelopedVerifiableCredential");
        boolean envelopedVp = hasType(doc, "EnvelopedVerifiablePresentation");
        if (envelopedVc || envelopedVp) {
            return envelope(doc, envelopedVp, options, now, nested);
        }
        boolean presentation = hasType(doc, "VerifiablePresentation");
        if (presentation && nested) {
            return rejected("presentation", Verifier.FORMAT_DATA_INTEGRITY, Problem.of(ErrorType.MALFORMED_VALUE_ERROR,
                    "a presentation cannot be nested inside a presentation"));
        }
        return dataIntegrity.open(doc, presentation, options, now);
    }

    /**
     * An envelope is only a carrier: its view is the payload of the JWT in its {@code id}. Any other member
     * would be unsigned data a reader might take for the credential's, so it is refused.
     */
    private SecuredDocument envelope(JsonObject doc, boolean presentation, VerifyOptions options, Instant now, boolean nested) {
        String kind = presentation ? "presentation" : "credential";
        String name = presentation ? "EnvelopedVerifiablePresentation" : "EnvelopedVerifiableCredential";
        for (String member : doc.keySet()) {
            if (!ENVELOPE_MEMBERS.contains(member)) {
                return rejected(kind, JoseAdapter.FORMAT_UNKNOWN, new Problem(ErrorType.MALFORMED_VALUE_ERROR, name + " member '"
                        + member + "' is not signed: an envelope may hold only @context, id and type; put the data inside the signed JWT",
                        "/" + member));
            }
        }
        if (!(doc.get("type") instanceof JsonString) && !(doc.get("type") instanceof JsonArray a && a.size() == 1)) {
            return rejected(kind, JoseAdapter.FORMAT_UNKNOWN, new Problem(ErrorType.MALFORMED_VALUE_ERROR, name
                    + " type must be exactly \"" + name + "\": the credential's own types are inside the signed JWT", "/type"));
        }
        var content = JoseAdapter.envelopedContent(doc);
        if (content.isEmpty()) {
            return rejected(kind, JoseAdapter.FORMAT_UNKNOWN, new Problem(ErrorType.MALFORMED_VALUE_ERROR, name
                    + " id must be a data: URL of a JOSE media type (application/vc+jwt, vp+jwt, vc+sd-jwt, dc+sd-jwt)", "/id"));
        }
        SecuredDocument inner = jose.open(content.get(), options, now, nested);
        if (inner.authentic() && !inner.kind().equals(kind)) {
            return rejected(kind, inner.format(), new Problem(ErrorType.MALFORMED_VALUE_ERROR, "the " + name + " carries a "
                    + inner.kind() + ", not a " + kind, "/id"));
        }
        return inner;
    }

    private static SecuredDocument rejected(String kind, String format, Problem problem) {
        return new SecuredDocument(kind, format, SecuredDocument.Model.W3C, JsonValue.EMPTY_JSON_OBJECT, false, "", List.of(),
                List.of(problem), List.of(), List.of(), "");
    }

    static boolean hasType(JsonObject o, String name) {
        JsonValue t = o.get("type");
        if (t instanceof JsonString s) {
            return s.getString().equals(name);
        }
        if (t instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (v instanceof JsonString s && s.getString().equals(name)) return true;
            }
        }
        return false;
    }
}
