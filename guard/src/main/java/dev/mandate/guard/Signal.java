package dev.mandate.guard;

import jakarta.json.JsonObject;

import java.util.Objects;

/**
 * One rule's contribution to a verdict.
 *
 * @param rule        stable rule id: {@code novel-resource}, {@code rate-burst}, {@code improbable-sequence},
 *                    {@code repeated-denials}, {@code silence}, {@code time-of-day} or {@code action-volume}
 * @param score       what the rule adds to the agent's risk score
 * @param explanation one line for an operator
 * @param evidence    the numbers behind it
 */
public record Signal(String rule, double score, String explanation, JsonObject evidence) {
    /** Rule id of the novel-resource rule. */
    public static final String NOVEL_RESOURCE = "novel-resource";
    /** Rule id of the rate-burst rule. */
    public static final String RATE_BURST = "rate-burst";
    /** Rule id of the improbable-sequence rule. */
    public static final String IMPROBABLE_SEQUENCE = "improbable-sequence";
    /** Rule id of the repeated-denials rule. */
    public static final String REPEATED_DENIALS = "repeated-denials";
    /** Rule id of the silence rule. */
    public static final String SILENCE = "silence";
    /** Rule id of the time-of-day rule. */
    public static final String TIME_OF_DAY = "time-of-day";
    /** Rule id of the action-volume rule. */
    public static final String ACTION_VOLUME = "action-volume";

    /**
     * Validates presence.
     *
     * @param rule        the rule id
     * @param score       the score added
     * @param explanation one line
     * @param evidence    the numbers
     * @throws NullPointerException if an object argument is null
     */
    public Signal {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(evidence, "evidence");
    }

    /** {@return the signal as JSON: {@code rule}, {@code score}, {@code explanation} and {@code evidence}} */
    public JsonObject toJson() {
        return dev.mandate.vc.json.Jsonp.PROVIDER.createObjectBuilder().add("rule", rule).add("score", score)
                .add("explanation", explanation).add("evidence", evidence).build();
    }
}
