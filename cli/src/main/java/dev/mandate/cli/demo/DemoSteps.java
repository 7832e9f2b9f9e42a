package dev.mandate.cli.demo;

import java.util.List;

/** The ordered steps of {@code mandate demo}. Later features append their steps here. */
public final class DemoSteps {
    private DemoSteps() {
    }

    /** The standard story, in order. */
    public static List<DemoStep> standard() {
        return List.of(
                new CreateKeysStep(),
                new DidKeyStep(),
                new ResolveDidKeysStep(),
                new DidWebStep(),
                new ResolveDidWebStep(),
                new CredentialStep(),
                new JoseStep(),
                new ServeStep(),
                new GrantStep(),
                new CapabilityStep(),
                new GuardStep(),
                new McpA2aStep(),
                new RejectMalformedDidStep());
    }
}
