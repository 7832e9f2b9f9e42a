package dev.mandate.cli.decode;

import dev.mandate.cli.CliException;
import dev.mandate.cli.ExitCode;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.VersionProvider;
import dev.mandate.cli.vc.Inputs;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.Disclosure;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.jose.SdJwt;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mandate decode FILE|-}: shows what a JWT, an SD-JWT (with its disclosures and key-binding JWT) or a JSON
 * credential or presentation says, <em>without verifying anything</em>. The output says so in its first member,
 * {@code "UNVERIFIED"}, and on stderr.
 */
@Command(name = "decode", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Show what a JWT, SD-JWT or JSON credential/presentation says, WITHOUT verifying it.",
                "JWT (vc+jwt, vp+jwt, VC-JWT 1.1): its header and payload. SD-JWT: the issuer JWT's header and payload,",
                "each disclosure (digest, salt, claim name, value) and the key-binding JWT. JSON: a summary (types, issuer,",
                "subject, validity, proofs, status entries; each credential of a presentation, and enveloped ones decoded).",
                "Nothing is checked: not the signatures, the dates, the status or whether a disclosure belongs to the JWT.",
                "Use 'mandate vc verify' to decide anything. Exit 2 if the input is none of these."},
        footerHeading = "%nExamples:%n",
        footer = {"  mandate decode credential.jwt --pretty",
                "  mandate decode presentation.sd-jwt",
                "  mandate vc issue --key org credential.json | mandate decode -"})
public final class DecodeCommand extends MandateSubcommand {
    static final String WARNING = "decoded only: signatures, dates, status and disclosure digests were NOT checked; use 'mandate vc verify'";

    @Parameters(index = "0", paramLabel = "FILE", description = "The JWT, SD-JWT or JSON file, or - for stdin.")
    String file;

    @Override
    public Integer call() {
        String text = Inputs.read(file, environment()).strip();
        if (text.isEmpty()) {
            throw CliException.usage(CliException.shorten(file), "the input is empty", "pass a JWT, an SD-JWT or a JSON credential");
        }
        JsonObjectBuilder out = Jsonp.PROVIDER.createObjectBuilder().add("UNVERIFIED", WARNING);
        if (text.startsWith("{")) {
            JsonObject doc = json(text, "the JSON");
            out.add("format", "json").addAll(Jsonp.PROVIDER.createObjectBuilder(summary(doc)));
        } else if (SdJwt.looksLikeSdJwt(text)) {
            out.add("format", "sd-jwt").addAll(Jsonp.PROVIDER.createObjectBuilder(sdJwt(text)));
        } else {
            JsonObject jwt = jwt(text, "the JWT");
            out.add("format", jwt.getJsonObject("header").getString("typ", "jwt")).addAll(Jsonp.PROVIDER.createObjectBuilder(jwt));
        }
        note("mandate decode: UNVERIFIED: " + WARNING);
        printJson(out.build());
        return ExitCode.OK;
    }

    private JsonObject sdJwt(String text) {
        SdJwt sd;
        try {
            sd = SdJwt.parse(text);
        } catch (JoseException e) {
            throw CliException.usage(CliException.shorten(file), "not an SD-JWT: " + e.getMessage(), "pass the SD-JWT as issued or presented");
        }
        JsonObject issuer = jwt(sd.issuerSignedJwt(), "the issuer-signed JWT");
        JsonArrayBuilder disclosures = Jsonp.PROVIDER.createArrayBuilder();
        for (int i = 0; i < sd.disclosures().size(); i++) {
            Disclosure d;
            try {
                d = Disclosure.parse(sd.disclosures().get(i));
            } catch (JoseException e) {
                throw CliException.usage(CliException.shorten(file), "disclosure " + i + " cannot be decoded: " + e.getMessage(),
                        "pass the SD-JWT as issued or presented");
            }
            JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder().add("digest", d.digest()).add("salt", d.salt());
            d.claimName().ifPresentOrElse(n -> b.add("name", n), () -> b.add("arrayElement", true));
            disclosures.add(b.add("value", d.value()));
        }
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder().addAll(Jsonp.PROVIDER.createObjectBuilder(issuer)).add("disclosures", disclosures);
        sd.keyBindingJwt().ifPresent(kb -> b.add("keyBinding", jwt(kb, "the key-binding JWT")));
        return b.build();
    }

    /** {header, payload} of a compact JWS; the payload as JSON when it is JSON, else as text. */
    private JsonObject jwt(String compact, String what) {
        CompactJws jws;
        try {
            jws = CompactJws.parse(compact);
        } catch (JoseException e) {
            throw CliException.usage(CliException.shorten(file), what + " cannot be decoded: " + e.getMessage(),
                    "pass a JWT (three base64url parts), an SD-JWT (parts separated by '~') or a JSON credential");
        }
        JsonObject header = json(new String(Base64.getUrlDecoder().decode(compact.substring(0, compact.indexOf('.'))), StandardCharsets.UTF_8),
                what + "'s header");
        String payloadText = new String(jws.payload(), StandardCharsets.UTF_8);
        JsonValue payload = payloadText.strip().startsWith("{") ? json(payloadText, what + "'s payload") : Jsonp.PROVIDER.createValue(payloadText);
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder().add("header", header).add("payload", payload);
        if (payload instanceof JsonObject p) {
            JsonObject vc = p.containsKey("vc") && p.get("vc") instanceof JsonObject v ? v
                    : p.containsKey("vp") && p.get("vp") instanceof JsonObject v2 ? v2 : p;
            if (vc.containsKey("type") || vc.containsKey("@context")) {
                b.add("summary", summary(vc));
            }
        }
        return b.build();
    }

    private JsonObject json(String text, String what) {
        try {
            return BoundedJson.parseObject(text, BoundedJson.Limits.DEFAULT.withMaxBytes(Inputs.MAX_INPUT));
        } catch (JsonInputException e) {
            throw CliException.usage(CliException.shorten(file), what + " is not a JSON object: " + e.getMessage(),
                    "pass a JWT, an SD-JWT or a JSON credential");
        }
    }

    /** Types, issuer, subjects, validity, proofs, status; nested credentials of a presentation, enveloped ones decoded. */
    private JsonObject summary(JsonObject doc) {
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder();
        copy(doc, b, "id", "type", "issuer", "holder", "validFrom", "validUntil", "issuanceDate", "expirationDate");
        if (doc.get("credentialSubject") instanceof JsonObject s) {
            b.add("subject", s.getOrDefault("id", JsonValue.NULL));
            if (s.get("capability") instanceof JsonArray caps) {
                b.add("capabilities", caps);
            }
        } else if (doc.get("credentialSubject") instanceof JsonArray subjects) {
            JsonArrayBuilder ids = Jsonp.PROVIDER.createArrayBuilder();
            subjects.forEach(s -> ids.add(s instanceof JsonObject o ? o.getOrDefault("id", JsonValue.NULL) : JsonValue.NULL));
            b.add("subject", ids);
        }
        JsonValue proof = doc.get("proof");
        if (proof != null) {
            JsonArrayBuilder proofs = Jsonp.PROVIDER.createArrayBuilder();
            for (JsonValue p : proof instanceof JsonArray a ? a : Jsonp.PROVIDER.createArrayBuilder().add(proof).build()) {
                if (p instanceof JsonObject o) {
                    JsonObjectBuilder pb = Jsonp.PROVIDER.createObjectBuilder();
                    copy(o, pb, "type", "cryptosuite", "verificationMethod", "proofPurpose", "created", "challenge", "domain");
                    proofs.add(pb);
                }
            }
            b.add("proofs", proofs);
        }
        if (doc.containsKey("credentialStatus")) {
            b.add("credentialStatus", doc.get("credentialStatus"));
        }
        JsonValue inner = doc.get("verifiableCredential");
        if (inner != null) {
            JsonArrayBuilder creds = Jsonp.PROVIDER.createArrayBuilder();
            for (JsonValue c : inner instanceof JsonArray a ? a : Jsonp.PROVIDER.createArrayBuilder().add(inner).build()) {
                if (c instanceof JsonObject o) {
                    creds.add(enveloped(o).map(this::jwtOrSdJwt).orElseGet(() -> summary(o)));
                } else if (c instanceof JsonString s) {
                    creds.add(jwtOrSdJwt(s.getString()));
                }
            }
            b.add("credentials", creds);
        }
        enveloped(doc).ifPresent(token -> b.add("enveloped", jwtOrSdJwt(token)));
        return b.build();
    }

    private JsonObject jwtOrSdJwt(String token) {
        return SdJwt.looksLikeSdJwt(token) ? sdJwt(token) : jwt(token, "an enveloped credential");
    }

    /** The token of an Enveloped...Credential ({@code id: data:application/vc+jwt,<token>}). */
    private static java.util.Optional<String> enveloped(JsonObject o) {
        if (o.get("id") instanceof JsonString id && id.getString().startsWith("data:") && id.getString().indexOf(',') > 0
                && o.toString().contains("Enveloped")) {
            return java.util.Optional.of(id.getString().substring(id.getString().indexOf(',') + 1));
        }
        return java.util.Optional.empty();
    }

    private static void copy(JsonObject from, JsonObjectBuilder to, String... names) {
        for (String n : names) {
            if (from.containsKey(n)) {
                to.add(n, from.get(n));
            }
        }
    }
}
