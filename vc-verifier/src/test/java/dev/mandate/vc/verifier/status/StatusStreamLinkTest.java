package dev.mandate.vc.verifier.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Finding a status list's event stream in its Link header, and the origin and directory rule for following it. */
class StatusStreamLinkTest {
    static final String LIST = "https://issuer.example/status-lists/9f2c";
    static final String REL = "rel=\"" + StatusStreamLink.REL + "\"";

    @Test
    void theRelativeLinkAMandateServerSendsResolvesNextToTheList() {
        assertEquals(Optional.of("https://issuer.example/status-lists/events"), StatusStreamLink.find(List.of(StatusStreamLink.HEADER_VALUE), LIST));
        assertEquals(Optional.empty(), StatusStreamLink.refusal(LIST, "https://issuer.example/status-lists/events"));
    }

    @Test
    void theRelationIsFoundAmongOtherLinksAndRelationTypes() {
        String header = "<https://issuer.example/terms>; rel=\"terms-of-service\", </status-lists/events>; type=\"text/event-stream\"; "
                + "rel=\"alternate " + StatusStreamLink.REL + "\"";
        assertEquals(Optional.of("https://issuer.example/status-lists/events"), StatusStreamLink.find(List.of("<x>; rel=next", header), LIST));
    }

    @Test
    void noLinkOrAnotherRelationOrGarbageFindsNothing() {
        assertEquals(Optional.empty(), StatusStreamLink.find(List.of(), LIST));
        assertEquals(Optional.empty(), StatusStreamLink.find(List.of("<events>; rel=\"alternate\""), LIST));
        assertEquals(Optional.empty(), StatusStreamLink.find(List.of("events; " + REL), LIST), "no angle brackets");
        assertEquals(Optional.empty(), StatusStreamLink.find(List.of("x<events>; " + REL), LIST), "text before the target");
        assertEquals(Optional.empty(), StatusStreamLink.find(List.of("<events>; rel=\"" + StatusStreamLink.REL + "-not\""), LIST));
        assertEquals(Optional.empty(), StatusStreamLink.find(List.of("<events>; " + REL + " ".repeat(2048)), LIST), "an oversized header");
        assertEquals(Optional.empty(), StatusStreamLink.find(List.of("<events>; " + REL), "not a url"));
    }

    @Test
    void aStreamOnAnotherOriginOrOutsideTheListsDirectoryIsRefused() {
        assertTrue(StatusStreamLink.refusal(LIST, "https://evil.example/status-lists/events").orElseThrow().contains("another origin"));
        assertTrue(StatusStreamLink.refusal(LIST, "http://issuer.example/status-lists/events").orElseThrow().contains("another origin"));
        assertTrue(StatusStreamLink.refusal(LIST, "https://issuer.example:8443/status-lists/events").orElseThrow().contains("another origin"));
        assertTrue(StatusStreamLink.refusal(LIST, "https://issuer.example/admin/events").orElseThrow().contains("directory"));
        assertTrue(StatusStreamLink.refusal(LIST, "https://issuer.example/status-lists/sub/events").orElseThrow().contains("directory"));
        assertTrue(StatusStreamLink.refusal(LIST, "https://issuer.example/status-lists/events?x=1").orElseThrow().contains("directory"));
        assertTrue(StatusStreamLink.refusal(LIST, "ftp://issuer.example/status-lists/events").isPresent());
    }
}
