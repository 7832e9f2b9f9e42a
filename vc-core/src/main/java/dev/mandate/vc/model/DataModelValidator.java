package dev.mandate.vc.model;

import dev.mandate.vc.json.JsonPointers;
import dev.mandate.vc.model.PropertyChecks.IdRule;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks the normative (MUST) rules of the W3C VC Data Model 2.0, and of 1.1 for documents whose
 * first {@code @context} is the 1.1 base context, on a credential or presentation held as JSON. It
 * needs no network and no JSON-LD processor; what only a JSON-LD processor can decide (undefined
 * terms, dropped data, contexts that are not bundled) is left to that layer.
 *
 * <p>Every problem carries the specification's error type ({@code MALFORMED_VALUE_ERROR} for values
 * of the wrong shape, missing required properties and {@code @context} errors; {@code RANGE_ERROR}
 * for a {@code validUntil} earlier than {@code validFrom}), a JSON Pointer to the offending value
 * (or to where a missing property belongs), and a one-line message. The list is empty when the
 * document conforms. At most {@value Problems#MAX} problems are reported. Nothing here throws for bad
 * input.
 *
 * <p>What is checked is listed in {@code docs/data-model.md}. Securing (proofs beyond their
 * {@code type}), time validity against a clock (see {@link dev.mandate.vc.verify.ValidityPeriod}),
 * status and schema conformance are other layers' work.
 */
public final class DataModelValidator {
    private static final String VC = "VerifiableCredential";
    private static final String VP = "VerifiablePresentation";
    private static final String ENVELOPED_VC = "EnvelopedVerifiableCredential";
    private static final String ENVELOPED_VP = "EnvelopedVerifiablePresentation";

    private final Problems problems = new Problems();
    private final PropertyChecks check = new PropertyChecks(problems);

    private DataModelValidator() {}

    /**
     * Validates a credential, presentation or enveloped credential/presentation, detected with
     * {@link DocumentKind#detect(JsonObject)}; a document of unknown kind gets its {@code @context}
     * checked and a problem at {@code /type}. Credentials inside a presentation are validated too,
     * with paths such as {@code /verifiableCredential/1/issuer}.
     *
     * @param document the credential or presentation (its verified view)
     * @return the problems found, empty if the document conforms
     */
    public static List<Problem> validate(JsonObject document) {
        Objects.requireNonNull(document, "document");
        DataModelValidator v = new DataModelValidator();
        switch (DocumentKind.detect(document)) {
            case CREDENTIAL:
                v.credential(document, JsonPointers.ROOT);
                break;
            case PRESENTATION:
                v.presentation(document, JsonPointers.ROOT);
                break;
            case ENVELOPED_CREDENTIAL:
                v.enveloped(document, JsonPointers.ROOT, ENVELOPED_VC);
                break;
            case ENVELOPED_PRESENTATION:
                v.enveloped(document, JsonPointers.ROOT, ENVELOPED_VP);
                break;
            default:
                v.unknown(document);
                break;
        }
        return v.problems.toList();
    }

    /**
     * Validates {@code document} as a credential, whatever its type says.
     *
     * @param document the credential
     * @return the problems found, empty if it conforms
     */
    public static List<Problem> validateCredential(JsonObject document) {
        Objects.requireNonNull(document, "document");
        DataModelValidator v = new DataModelValidator();
        v.credential(document, JsonPointers.ROOT);
        return v.problems.toList();
    }

    /**
     * Validates {@code document} as a presentation (and the credentials in it), whatever its type says.
     *
     * @param document the presentation
     * @return the problems found, empty if it conforms
     */
    public static List<Problem> validatePresentation(JsonObject document) {
        Objects.requireNonNull(document, "document");
        DataModelValidator v = new DataModelValidator();
        v.presentation(document, JsonPointers.ROOT);
        return v.problems.toList();
    }

    /**
     * The self-asserted credential rule of VC 2.0 section 4.13, for use once a presentation's proof has
     * been verified and the party that secured it is known: "A verifiable presentation that includes a
     * self-asserted verifiable credential, which is secured only using the same mechanism as the
     * verifiable presentation, MUST include a holder property."
     *
     * <p>Every embedded credential that has no {@code proof} of its own (enveloped credentials are
     * secured by their envelope and skipped) is secured only by the presentation, so it is acceptable
     * only as a self-asserted credential: its issuer must be {@code presentationSigner}, the
     * presentation must have a {@code holder}, and that holder must be the same party.
     *
     * @param presentation       the presentation
     * @param presentationSigner the DID (controller) whose key secured the presentation; a fragment such
     *                           as {@code #key-1} is ignored, so a verification method URL may be given
     * @return the problems found, empty if the rule holds (or no credential relies on the presentation's proof)
     */
    public static List<Problem> validateSelfAsserted(JsonObject presentation, String presentationSigner) {
        Objects.requireNonNull(presentation, "presentation");
        Objects.requireNonNull(presentationSigner, "presentationSigner");
        String signer = withoutFragment(presentationSigner);
        Presentation vp = new Presentation(presentation);
        Problems out = new Problems();
        List<JsonValue> items = vp.verifiableCredentialValues();
        boolean single = !JsonValues.isArray(presentation.get("verifiableCredential"));
        String base = at("", "verifiableCredential");
        for (int i = 0; i < items.size(); i++) {
            if (!JsonValues.isObject(items.get(i))) {
                continue;
            }
            Credential vc = new Credential(items.get(i).asJsonObject());
            if (vc.isEnveloped() || vc.json().containsKey("proof")) {
                continue;
            }
            String vcPath = single ? base : JsonPointers.index(base, i);
            Optional<String> issuer = vc.issuerId().map(DataModelValidator::withoutFragment);
            if (issuer.isEmpty() || !issuer.get().equals(signer)) {
                out.malformed(at(vcPath, "issuer"), "credential has no proof of its own and its issuer "
                        + issuer.map(JsonValues::quote).orElse("(none)") + " is not the presentation's signer "
                        + JsonValues.quote(signer) + ", so nothing secures it");
                continue;
            }
            Optional<String> holder = vp.holderId().map(DataModelValidator::withoutFragment);
            if (holder.isEmpty()) {
                out.malformed(at("", "holder"), "presentation includes a self-asserted credential (" + vcPath
                        + ") secured only by the presentation's proof, so it must have a holder");
            } else if (!holder.get().equals(issuer.get())) {
                out.malformed(at("", "holder"), "holder " + JsonValues.quote(holder.get()) + " is not the issuer "
                        + JsonValues.quote(issuer.get()) + " of the self-asserted credential " + vcPath);
            }
        }
        return out.toList();
    }

    private static String withoutFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }

    /**
     * {@return true if {@link #validate(JsonObject)} finds no problem}
     *
     * @param document the credential or presentation
     */
    public static boolean conforms(JsonObject document) {
        return validate(document).isEmpty();
    }

    // ---------------------------------------------------------------- documents and their parties

    private void unknown(JsonObject doc) {
        VcVersion version = VcVersion.of(doc);
        ContextChecker.Terms terms = ContextChecker.check(doc.get("@context"), at("", "@context"), version, problems);
        if (!doc.containsKey("type")) {
            problems.malformed(at("", "type"), "type is missing; a credential's type must include \"" + VC
                    + "\" and a presentation's \"" + VP + "\"");
            return;
        }
        if (check.typeShape(doc, "", terms, "document", false)) {
            problems.malformed(at("", "type"), "type must include \"" + VC + "\" or \"" + VP + "\"; found "
                    + JsonValues.strings(doc.get("type")));
        }
    }

    private void credential(JsonObject vc, String path) {
        VcVersion raw = VcVersion.of(vc);
        VcVersion version = raw == VcVersion.UNKNOWN ? VcVersion.V2_0 : raw;
        ContextChecker.Terms terms = ContextChecker.check(vc.get("@context"), at(path, "@context"), raw, problems);
        check.requiredType(vc, path, terms, VC, "credential");
        check.identifier(vc, path, IdRule.OPTIONAL, "credential");
        check.names(vc, path);
        issuer(vc, path);
        credentialSubject(vc, path);
        if (version == VcVersion.V2_0) {
            Optional<Instant> from = check.dateTime(vc, path, "validFrom", true);
            Optional<Instant> until = check.dateTime(vc, path, "validUntil", true);
            if (from.isPresent() && until.isPresent() && from.get().isAfter(until.get())) {
                problems.add(ErrorType.RANGE_ERROR, at(path, "validUntil"), "validUntil ("
                        + DateTimeStamp.format(until.get()) + ") is earlier than validFrom (" + DateTimeStamp.format(from.get()) + ")");
            }
        } else {
            if (!vc.containsKey("issuanceDate")) {
                problems.malformed(at(path, "issuanceDate"), "VC 1.1 credential has no issuanceDate");
            }
            check.dateTime(vc, path, "issuanceDate", false);
            check.dateTime(vc, path, "expirationDate", false);
            check.dateTime(vc, path, "validFrom", false);
            check.dateTime(vc, path, "validUntil", false);
        }
        IdRule statusId = version == VcVersion.V1_1 ? IdRule.REQUIRED : IdRule.OPTIONAL;
        check.typedObjects(vc, path, "credentialStatus", terms, statusId);
        check.typedObjects(vc, path, "credentialSchema", terms, IdRule.REQUIRED);
        check.typedObjects(vc, path, "refreshService", terms, version == VcVersion.V1_1 ? IdRule.REQUIRED : IdRule.OPTIONAL);
        check.typedObjects(vc, path, "evidence", terms, IdRule.OPTIONAL);
        check.typedObjects(vc, path, "termsOfUse", terms, IdRule.OPTIONAL);
        if (version == VcVersion.V2_0) {
            check.typedObjects(vc, path, "confidenceMethod", terms, IdRule.OPTIONAL);
            check.typedObjects(vc, path, "renderMethod", terms, IdRule.OPTIONAL);
            check.relatedResources(vc, path);
        }
        check.proofs(vc, path, terms);
    }

    private void presentation(JsonObject vp, String path) {
        VcVersion raw = VcVersion.of(vp);
        VcVersion version = raw == VcVersion.UNKNOWN ? VcVersion.V2_0 : raw;
        ContextChecker.Terms terms = ContextChecker.check(vp.get("@context"), at(path, "@context"), raw, problems);
        check.requiredType(vp, path, terms, VP, "presentation");
        check.identifier(vp, path, IdRule.OPTIONAL, "presentation");
        check.names(vp, path);
        holder(vp, path, version);
        verifiableCredentials(vp, path, version);
        check.typedObjects(vp, path, "termsOfUse", terms, IdRule.OPTIONAL);
        if (version == VcVersion.V2_0) {
            check.typedObjects(vp, path, "confidenceMethod", terms, IdRule.OPTIONAL);
            check.typedObjects(vp, path, "renderMethod", terms, IdRule.OPTIONAL);
        }
        check.proofs(vp, path, terms);
    }

    /** VC 2.0 section 4.13: EnvelopedVerifiableCredential / EnvelopedVerifiablePresentation objects. */
    private void enveloped(JsonObject env, String path, String typeName) {
        String what = typeName.equals(ENVELOPED_VC) ? "credential" : "presentation";
        JsonValue ctx = env.get("@context");
        if (ctx == null) {
            problems.malformed(at(path, "@context"), typeName + " has no @context; it must include \""
                    + VcVersion.V2_CONTEXT + "\"");
        } else if (!(ctx instanceof JsonString) && !JsonValues.isArray(ctx)) {
            problems.malformed(at(path, "@context"), typeName + " @context must be a URL or an array; found "
                    + JsonValues.show(ctx));
        } else if (!JsonValues.strings(ctx).contains(VcVersion.V2_CONTEXT)) {
            problems.malformed(at(path, "@context"), typeName + " @context must include \"" + VcVersion.V2_CONTEXT
                    + "\", which defines id, type and " + typeName);
        }
        JsonValue type = env.get("type");
        if (type == null) {
            problems.malformed(at(path, "type"), "enveloped " + what + " has no type; it must be \"" + typeName + "\"");
        } else if (!JsonValues.strings(type).contains(typeName)) {
            problems.malformed(at(path, "type"), "enveloped " + what + " type must be \"" + typeName + "\"; found "
                    + JsonValues.show(type));
        }
        JsonValue id = env.get("id");
        if (id == null) {
            problems.malformed(at(path, "id"), typeName + " has no id; it must be a data: URL holding the secured " + what);
        } else if (!(id instanceof JsonString) || !Urls.isDataUrl(((JsonString) id).getString())) {
            problems.malformed(at(path, "id"), typeName + " id must be a data: URL (RFC 2397) holding the secured "
                    + what + "; found " + JsonValues.show(id));
        }
    }

    /** VC 2.0 section 4.7. */
    private void issuer(JsonObject vc, String path) {
        JsonValue issuer = vc.get("issuer");
        String p = at(path, "issuer");
        if (issuer == null) {
            problems.malformed(p, "credential has no issuer; it must be a URL or an object whose id is a URL");
        } else if (issuer instanceof JsonString) {
            String s = ((JsonString) issuer).getString();
            if (!Urls.isUrl(s)) {
                problems.malformed(p, "issuer is not a URL: " + JsonValues.quote(s));
            }
        } else if (JsonValues.isObject(issuer)) {
            JsonObject o = issuer.asJsonObject();
            if (!o.containsKey("id")) {
                problems.malformed(at(p, "id"), "issuer object has no id; it must be a URL");
            } else {
                check.identifier(o, p, IdRule.REQUIRED, "issuer");
            }
            check.names(o, p);
        } else {
            problems.malformed(p, "issuer must be a URL or an object whose id is a URL; found " + JsonValues.show(issuer));
        }
    }

    /** VC 2.0 section 4.8. */
    private void credentialSubject(JsonObject vc, String path) {
        JsonValue cs = vc.get("credentialSubject");
        String p = at(path, "credentialSubject");
        if (cs == null) {
            problems.malformed(p, "credential has no credentialSubject");
            return;
        }
        check.forEachObject(cs, p, "credentialSubject", "subjects", entry -> {
            if (entry.value().isEmpty()) {
                problems.malformed(entry.path(), "credentialSubject makes no claims (an empty object)");
            }
            check.identifier(entry.value(), entry.path(), IdRule.OPTIONAL, "credentialSubject");
        });
    }

    /** VC 2.0 section 4.13: holder is a URL or an object with an id. */
    private void holder(JsonObject vp, String path, VcVersion version) {
        JsonValue holder = vp.get("holder");
        String p = at(path, "holder");
        if (holder == null) {
            return;
        }
        if (holder instanceof JsonString) {
            String s = ((JsonString) holder).getString();
            if (version == VcVersion.V2_0 && !Urls.isUrl(s)) {
                problems.malformed(p, "holder is not a URL: " + JsonValues.quote(s));
            }
        } else if (JsonValues.isObject(holder)) {
            JsonObject o = holder.asJsonObject();
            if (version == VcVersion.V2_0 && !o.containsKey("id")) {
                problems.malformed(at(p, "id"), "holder object has no id; it must be a URL");
            } else {
                check.identifier(o, p, IdRule.OPTIONAL, "holder");
            }
            check.names(o, p);
        } else {
            problems.malformed(p, "holder must be a URL or an object with an id; found " + JsonValues.show(holder));
        }
    }

    /** VC 2.0 section 4.13: one or more credential or enveloped credential objects, never strings. */
    private void verifiableCredentials(JsonObject vp, String path, VcVersion version) {
        JsonValue vcs = vp.get("verifiableCredential");
        String p = at(path, "verifiableCredential");
        if (vcs == null) {
            return;
        }
        List<JsonValue> items;
        boolean single = !JsonValues.isArray(vcs);
        if (single) {
            items = List.of(vcs);
        } else {
            items = vcs.asJsonArray();
            if (items.isEmpty()) {
                problems.malformed(p, "verifiableCredential is an empty array; omit it or give one or more credentials");
                return;
            }
        }
        for (int i = 0; i < items.size(); i++) {
            JsonValue item = items.get(i);
            String ip = single ? p : JsonPointers.index(p, i);
            if (JsonValues.isObject(item)) {
                JsonObject o = item.asJsonObject();
                List<String> types = JsonValues.strings(o.get("type"));
                boolean looksEnveloped = types.contains(ENVELOPED_VC)
                        || (!o.containsKey("type") && JsonValues.string(o, "id").filter(Urls::isDataUrl).isPresent());
                if (looksEnveloped) {
                    enveloped(o, ip, ENVELOPED_VC);
                } else {
                    credential(o, ip);
                }
            } else if (item instanceof JsonString && version == VcVersion.V1_1) {
                if (((JsonString) item).getString().isBlank()) {
                    problems.malformed(ip, "verifiableCredential entry is an empty string");
                }
            } else {
                problems.malformed(ip, "verifiableCredential entries must be objects (a credential or an "
                        + ENVELOPED_VC + "), not strings, numbers or URLs; found " + JsonValues.kindOf(item));
            }
        }
    }

    private static String at(String path, String key) {
        return JsonPointers.child(path, key);
    }
}
