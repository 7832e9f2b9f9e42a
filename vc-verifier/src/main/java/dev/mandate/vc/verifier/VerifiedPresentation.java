package dev.mandate.vc.verifier;

import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * A presentation that passed every stage of the {@link Verifier} pipeline, with every credential inside
 * it verified through the same pipeline. Only the pipeline creates one.
 */
public final class VerifiedPresentation {
    private final JsonObject view;
    private final String format;
    private final String holder;
    private final List<VerifiedCredential> credentials;
    private final VerificationResult result;

    VerifiedPresentation(JsonObject view, String format, String holder, List<VerifiedCredential> credentials, VerificationResult result) {
        this.view = Objects.requireNonNull(view, "view");
        this.format = Objects.requireNonNull(format, "format");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.credentials = List.copyOf(credentials);
        this.result = Objects.requireNonNull(result, "result");
        if (!result.verified()) {
            throw new IllegalArgumentException("a VerifiedPresentation needs a verified result");
        }
    }

    /** {@return the verified view: the JSON the presentation's proof covers} */
    public JsonObject view() { return view; }

    /** {@return the securing format} */
    public String format() { return format; }

    /**
     * {@return the holder DID that signed the presentation, or "" when it named none and signed with an unlisted key}
     */
    public String holder() { return holder; }

    /** {@return the credentials inside, each verified by the pipeline, in order} */
    public List<VerifiedCredential> credentials() { return credentials; }

    /** {@return the verification result that admitted this presentation} */
    public VerificationResult result() { return result; }
}
