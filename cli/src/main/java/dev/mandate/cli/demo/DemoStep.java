package dev.mandate.cli.demo;

/**
 * One step of {@code mandate demo}. Steps run in order, share state through {@link DemoContext}, and
 * narrate what they do with {@link DemoContext#say(String, Object...)}. Later features add steps to
 * {@link DemoSteps#standard()}.
 */
public interface DemoStep {
    /** A one-line title, shown as {@code Step n/N: title}. */
    String title();

    /**
     * Runs the step.
     *
     * @throws Exception if the step fails; the demo stops and exits 3 naming the step
     */
    void run(DemoContext context) throws Exception;
}
