package dev.mandate.vc.jsonld;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.document.Document;
import com.apicatalog.jsonld.loader.DocumentLoaderOptions;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContextRegistryTest {

    static final Set<String> BUNDLED = Set.of(
            "https://www.w3.org/2018/credentials/v1",
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/2018/credentials/examples/v1",
            "https://www.w3.org/ns/credentials/examples/v2",
            "https://www.w3.org/ns/credentials/undefined-terms/v2",
            "https://w3id.org/security/data-integrity/v1",
            "https://w3id.org/security/data-integrity/v2",
            "https://w3id.org/security/multikey/v1",
            "https://w3id.org/security/jwk/v1",
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/did/v1",
            "https://w3id.org/security/suites/ed25519-2020/v1",
            "https://w3id.org/security/suites/ed25519-2018/v1",
            "https://w3id.org/security/v1",
            "https://w3id.org/security/v2",
            "https://www.w3.org/ns/credentials/status/v1",
            "https://w3id.org/vc/status-list/2021/v1",
            "https://mandate.dev/ns/agent/v1");

    static final String AGENT_CONTEXT = "{\"@context\": {\"@protected\": true,"
            + " \"task\": \"https://example.com/agent#task\","
            + " \"AgentCapability\": \"https://example.com/agent#AgentCapability\"}}";

    @Test
    void bundledServesEveryIndexedContextParsedOnce() {
        ContextRegistry r = ContextRegistry.bundled();
        assertEquals(BUNDLED, r.urls());
        for (String url : BUNDLED) {
            JsonObject a = r.get(url).orElseThrow();
            assertTrue(a.containsKey("@context"), url);
            assertSame(a, r.get(url).orElseThrow(), "parsed once: " + url);
        }
        assertSame(r, ContextRegistry.bundled());
    }

    @Test
    void loaderReturnsTheSameDocumentEveryTime() throws JsonLdError {
        OfflineDocumentLoader loader = ContextRegistry.bundled().loader();
        URI v2 = URI.create("https://www.w3.org/ns/credentials/v2");
        Document d = loader.loadDocument(v2, new DocumentLoaderOptions());
        assertSame(d, loader.loadDocument(v2, new DocumentLoaderOptions()));
        assertEquals(v2, d.getDocumentUrl());
    }

    @Test
    void loaderRefusesUnknownUrlsNamingThem() {
        OfflineDocumentLoader loader = ContextRegistry.bundled().loader();
        JsonLdError e = assertThrows(JsonLdError.class,
                () -> loader.loadDocument(URI.create("https://w3id.org/citizenship/v4rc1"), new DocumentLoaderOptions()));
        assertTrue(e.getMessage().contains("https://w3id.org/citizenship/v4rc1"), e.getMessage());
    }

    @Test
    void unknownContextIsATypedErrorNamingTheUrl() {
        JsonObject doc = TestFiles.parse("{\"@context\": [\"https://www.w3.org/ns/credentials/v2\","
                + " \"https://example.com/not-bundled/v1\"], \"type\": \"VerifiableCredential\"}");
        JsonLdException e = assertThrows(JsonLdException.class, () -> Expander.expand(doc));
        assertEquals(ErrorType.UNKNOWN_CONTEXT_ERROR, e.type());
        assertTrue(e.getMessage().contains("https://example.com/not-bundled/v1"), e.getMessage());
        assertEquals("/@context/1", e.path());
        assertEquals(ErrorType.UNKNOWN_CONTEXT_ERROR, e.toProblem().type());
    }

    @Test
    void registerFromCode() throws Exception {
        ContextRegistry r = ContextRegistry.bundled().toBuilder()
                .register("https://example.com/agent/v1", TestFiles.parse(AGENT_CONTEXT))
                .build();
        assertTrue(r.contains("https://example.com/agent/v1"));
        assertFalse(ContextRegistry.bundled().contains("https://example.com/agent/v1"), "bundled is immutable");
        String v2 = "https://www.w3.org/ns/credentials/v2";
        assertSame(ContextRegistry.bundled().get(v2).orElseThrow(), r.get(v2).orElseThrow(), "bundled contexts are shared, parsed once");
        assertEquals("https://example.com/agent#task", taskIri(r));
    }

    @Test
    void registerFromFile(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("agent.jsonld"), AGENT_CONTEXT);
        ContextRegistry r = ContextRegistry.bundled().toBuilder().registerFile("https://example.com/agent/v1", f).build();
        assertEquals("https://example.com/agent#task", taskIri(r));
    }

    @Test
    void registerFromDirectoryWithIndex(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("agent.jsonld"), AGENT_CONTEXT);
        Files.writeString(dir.resolve("index.json"), "{\"_comment\": \"mine\","
                + " \"https://example.com/agent/v1\": \"agent.jsonld\", \"https://example.com/agent/latest\": \"agent.jsonld\"}");
        ContextRegistry r = ContextRegistry.builder().registerDirectory(dir).build();
        assertEquals(Set.of("https://example.com/agent/v1", "https://example.com/agent/latest"), r.urls());
        assertSame(r.get("https://example.com/agent/v1").orElseThrow(), r.get("https://example.com/agent/latest").orElseThrow(),
                "one file is parsed once");
    }

    @Test
    void directoryIndexMayNotLeaveTheDirectory(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(dir.resolve("secret.jsonld"), AGENT_CONTEXT);
        Files.writeString(dir.resolve("ctx/index.json"), "{\"https://example.com/x\": \"../secret.jsonld\"}");
        IOException e = assertThrows(IOException.class, () -> ContextRegistry.builder().registerDirectory(dir.resolve("ctx")));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void badFilesAreRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path notJson = Files.writeString(dir.resolve("broken.jsonld"), "{\"@context\": ");
        IOException e = assertThrows(IOException.class,
                () -> ContextRegistry.builder().registerFile("https://example.com/a", notJson));
        assertTrue(e.getMessage().contains("broken.jsonld"), e.getMessage());

        Path noContext = Files.writeString(dir.resolve("plain.json"), "{\"a\": 1}");
        e = assertThrows(IOException.class, () -> ContextRegistry.builder().registerFile("https://example.com/a", noContext));
        assertTrue(e.getMessage().contains("plain.json") && e.getMessage().contains("@context"), e.getMessage());

        assertThrows(IOException.class, () -> ContextRegistry.builder().registerFile("https://example.com/a", dir.resolve("missing.jsonld")));
        assertThrows(IllegalArgumentException.class,
                () -> ContextRegistry.builder().register("relative/url", TestFiles.parse(AGENT_CONTEXT)));
        assertThrows(IllegalArgumentException.class,
                () -> ContextRegistry.builder().register("https://example.com/a", TestFiles.parse("{\"a\": 1}")));
    }

    @Test
    void emptyRegistryServesNothing() {
        ContextRegistry empty = ContextRegistry.builder().build();
        JsonLdException e = assertThrows(JsonLdException.class, () -> Expander.expand(
                TestFiles.json("/vectors/vc-di-eddsa/unsigned.json"), empty, true));
        assertEquals(ErrorType.UNKNOWN_CONTEXT_ERROR, e.type());
        assertTrue(e.getMessage().contains("https://www.w3.org/ns/credentials/v2"), e.getMessage());
    }

    private static String taskIri(ContextRegistry r) throws JsonLdException {
        JsonObject doc = TestFiles.parse("{\"@context\": \"https://example.com/agent/v1\", \"@id\": \"urn:x\", \"task\": \"t\"}");
        JsonObject node = Expander.expand(doc, r, true).getJsonObject(0);
        return node.keySet().stream().filter(k -> !k.startsWith("@")).findFirst().orElseThrow();
    }
}
