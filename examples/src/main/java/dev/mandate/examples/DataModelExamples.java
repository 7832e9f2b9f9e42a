package dev.mandate.examples;

import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.model.Credential;
import dev.mandate.vc.model.DataModelValidator;
import dev.mandate.vc.model.VcDocument;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.ValidityPeriod;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Bounded parsing, the data model rules and the validity period, without cryptography (docs/data-model.md). */
public final class DataModelExamples {
    private DataModelExamples() {
    }

    /**
     * Parses {@code inputStream} within the default bounds and checks it against the data model and, for a
     * credential, its validity period at {@code clock}'s time.
     *
     * @param inputStream the untrusted JSON
     * @param clock the time to check the validity period at
     * @return the result: verified only if no rule failed (no proof is checked here)
     */
    public static VerificationResult check(InputStream inputStream, Clock clock) {
        // tag::check[]
        JsonObject doc;
        try {
            doc = BoundedJson.parseObject(inputStream, BoundedJson.Limits.DEFAULT);   // 1 MiB, depth 64
        } catch (JsonInputException e) {
            return VerificationResult.failure("unknown", "data-integrity", e.toProblem()); // one-line message
        }
        List<Problem> problems = new ArrayList<>(DataModelValidator.validate(doc));
        if (VcDocument.of(doc).orElse(null) instanceof Credential vc) {
            problems.addAll(ValidityPeriod.check(vc, clock.instant(), Duration.ofSeconds(30)));
        }
        // end::check[]
        return new VerificationResult(problems.isEmpty(), "credential", "data-integrity", List.of("dataModel", "validityPeriod"),
                problems, List.of());
    }
}
