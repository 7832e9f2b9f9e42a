package dev.mandate.cli.vc;

import dev.mandate.vc.issuer.jose.SdJwtOptions;
import dev.mandate.vc.issuer.jose.PresentationOptions;
import dev.mandate.cli.CliException;
import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.jose.JoseIssuer;
import dev.mandate.vc.issuer.jose.SdJwtHolder;
import dev.mandate.vc.jose.JoseException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The JOSE side of {@code vc issue --format} and {@code vp create --format}: vc+jwt, VC-JWT 1.1, SD-JWT. */
final class JoseFormats {
    private JoseFormats() {
    }

    /** Issues {@code credential} in {@code format} (jwt, jwt-1.1, sd-jwt) and returns the compact serialization. */
    static String issue(String format, JsonObject credential, Signing s, Optional<Duration> validFor, List<String> disclosable, String input) {
        JoseIssuer issuer = new JoseIssuer();
        IssuerKey key = IssuerKey.jose(s.did(), s.verificationMethod(), s.key().signer());
        try {
            return switch (format) {
                case "jwt" -> validFor.isPresent() ? issuer.issueJwt(credential, key, validFor.get()) : issuer.issueJwt(credential, key);
                case "jwt-1.1" -> validFor.isPresent() ? issuer.issueJwt11(credential, key, validFor.get()) : issuer.issueJwt11(credential, key);
                case "sd-jwt" -> {
                    SdJwtOptions options = SdJwtOptions.disclosing(disclosable);
                    options = validFor.isPresent() ? options.withValidFor(validFor.get()) : options;
                    Optional<PublicKeyValue> holder = holderKey(credential);
                    yield issuer.issueSdJwt(credential, key, holder.isPresent() ? options.withHolderKey(holder.get()) : options);
                }
                default -> throw CliException.usage("--format " + CliException.shorten(format), "unknown format",
                        "use di, jwt, jwt-1.1 or sd-jwt");
            };
        } catch (JoseException e) {
            throw CliException.usage(input, e.getMessage() + (e.path().isEmpty() ? "" : " (at " + e.path() + ")"),
                    "fix the credential or the options and issue again", e);
        }
    }

    /** Presents JOSE-secured credentials in {@code format} (jwt or sd-jwt). */
    static String present(String format, List<String> secured, Signing s, Optional<String> nonce, Optional<String> audience,
                          List<String> disclose, String input) {
        try {
            switch (format) {
                case "jwt":
                    if (!disclose.isEmpty()) {
                        throw CliException.usage("--disclose", "only applies to --format sd-jwt", "drop --disclose");
                    }
                    return new JoseIssuer().presentJwt(secured, IssuerKey.jose(s.did(), s.verificationMethod(), s.key().signer()),
                            presentationOptions(nonce, audience));
                case "sd-jwt":
                    if (secured.size() != 1) {
                        throw CliException.usage(input, "an SD-JWT presentation holds exactly one credential", "pass one .sd-jwt file");
                    }
                    if (nonce.isEmpty() || audience.isEmpty()) {
                        throw CliException.usage("--nonce/--audience", "the key-binding JWT needs both the verifier's nonce and audience",
                                "pass --nonce N --audience A");
                    }
                    return new SdJwtHolder().present(secured.get(0), disclose, nonce.get(), audience.get(), s.key().signer());
                default:
                    throw CliException.usage("--format " + CliException.shorten(format), "unknown format", "use di, jwt or sd-jwt");
            }
        } catch (JoseException e) {
            throw CliException.usage(input, e.getMessage() + (e.path().isEmpty() ? "" : " (at " + e.path() + ")"),
                    "check the credential and the options", e);
        }
    }

    /** The verifier's nonce and audience as given; an empty one is a usage error (it does not mean "none"). */
    private static PresentationOptions presentationOptions(Optional<String> nonce, Optional<String> audience) {
        try {
            PresentationOptions o = PresentationOptions.none();
            o = nonce.isPresent() ? o.withNonce(nonce.get()) : o;
            return audience.isPresent() ? o.withAudience(audience.get()) : o;
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--nonce/--audience", e.getMessage(), "pass a non-empty value or leave the option out");
        }
    }

    /** The holder key for {@code cnf}: the credential subject's did:key, when it is one. */
    private static Optional<PublicKeyValue> holderKey(JsonObject credential) {
        JsonValue subject = credential.get("credentialSubject");
        if (subject instanceof JsonObject o && o.get("id") instanceof JsonString id && id.getString().startsWith("did:key:")) {
            try {
                return Optional.of(PublicKeyValue.fromMultikey(id.getString().substring("did:key:".length())));
            } catch (DecodingException e) {
                throw CliException.usage("/credentialSubject/id", "not a valid did:key: " + e.getMessage(), "fix the subject's DID");
            }
        }
        return Optional.empty();
    }
}
