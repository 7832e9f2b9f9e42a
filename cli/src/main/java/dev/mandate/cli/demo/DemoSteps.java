package dev.mandate.cli.demo;

import java.util.List;

/** The ordered steps of {@code mandate demo}. Later features append their steps here. */
public final class DemoSteps {
    private DemoSteps() {
    }

    /** The standard story, in order. */
    public static List<DemoStep> standard() {
        return List.of(new RejectMalformedDidStep(), new CredentialStep(), new ServeStep());
    }
}
