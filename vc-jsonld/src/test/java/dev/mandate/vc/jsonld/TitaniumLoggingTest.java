package dev.mandate.vc.jsonld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: 'mvn verify' printed about 650 Titanium warnings ("Non well-formed subject [...] has been skipped"),
 * and a CLI user saw them on stderr. They are re-logged at FINE under dev.mandate.vc.jsonld.titanium.
 */
class TitaniumLoggingTest {
    @Test
    void droppedValuesAreNotPrintedButAreAvailableAtFine() throws Exception {
        JsonObject doc = Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2"))
                .add("id", "https ://not-a-url/vcs/1")
                .add("type", Json.createArrayBuilder().add("VerifiableCredential"))
                .add("issuer", "did:example:issuer")
                .add("credentialSubject", Json.createObjectBuilder().add("id", "relative/id"))
                .build();
        List<LogRecord> fine = new ArrayList<>();
        Logger notes = Logger.getLogger("dev.mandate.vc.jsonld.titanium");
        Handler capture = new Handler() {
            @Override public void publish(LogRecord r) { fine.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        List<LogRecord> reachingRoot = new ArrayList<>();
        Handler root = new Handler() {
            @Override public void publish(LogRecord r) { reachingRoot.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        Logger.getLogger("").addHandler(root);
        Level before = notes.getLevel();
        notes.addHandler(capture);
        notes.setLevel(Level.FINE);
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            List<String> quads = new ArrayList<>();
            try {
                Expander.toRdf(doc, ContextRegistry.bundled(), false, (s, p, o, dt, lang, dir, g) -> {
                    quads.add(s + " " + p);
                    return null;
                });
            } catch (JsonLdException e) {
                // refusing the document is fine too: what matters here is what reaches stderr
            }
        } finally {
            System.setErr(err);
            notes.removeHandler(capture);
            Logger.getLogger("").removeHandler(root);
            notes.setLevel(before);
        }
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "nothing reaches stderr");
        assertEquals(List.of(), reachingRoot.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                .map(r -> r.getLoggerName() + ": " + r.getMessage()).toList(), "no Titanium warning reaches the console handlers");
        assertTrue(fine.stream().anyMatch(r -> r.getLevel() == Level.FINE && r.getMessage().contains("well-formed")),
                "the notes are kept at FINE: " + fine.stream().map(LogRecord::getMessage).toList());
    }
}
