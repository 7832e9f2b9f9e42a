package dev.mandate.did.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import jakarta.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompositeResolverTest {
    static final String ED = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    static final String DID = "did:key:" + ED;

    @Test
    void dispatchesAndReportsUnknownMethodsAndBadSyntax() {
        CompositeResolver r = DidResolvers.offline();
        assertTrue(r.resolve(DID).isSuccess());
        ResolutionResult web = r.resolve("did:web:example.com");
        assertEquals(ErrorCode.METHOD_NOT_SUPPORTED, web.error().orElseThrow());
        assertEquals(ErrorCode.Category.INVALID, web.error().orElseThrow().category());
        assertEquals(ErrorCode.INVALID_DID, r.resolve("did:KEY:abc").error().orElseThrow());
        assertEquals(ErrorCode.INVALID_DID, r.resolve("").error().orElseThrow());
        assertEquals(ErrorCode.INVALID_DID, r.resolve(null).error().orElseThrow());
        assertTrue(r.resolve(DID).didDocument().isPresent());
    }

    @Test
    void cachesOnlySuccessfulResultsOfCacheableMethods() {
        AtomicInteger calls = new AtomicInteger();
        DidResolver counting = did -> {
            calls.incrementAndGet();
            return new DidKey().resolve(did);
        };
        CompositeResolver r = CompositeResolver.builder().method("key", counting, true).cacheSize(2).build();
        ResolutionResult first = r.resolve(DID);
        assertSame(first, r.resolve(DID));
        assertEquals(1, calls.get());
        r.resolve("did:key:zBad");
        r.resolve("did:key:zBad");
        assertEquals(3, calls.get(), "errors are not cached");
        // the cache is bounded: two other DIDs evict the first
        r.resolve(DidKey.didFor(KeyMaterial.generate(KeyType.ED25519).publicKey()));
        r.resolve(DidKey.didFor(KeyMaterial.generate(KeyType.ED25519).publicKey()));
        r.resolve(DID);
        assertEquals(6, calls.get());

        AtomicInteger calls2 = new AtomicInteger();
        CompositeResolver uncached = CompositeResolver.builder().method("key", did -> {
            calls2.incrementAndGet();
            return new DidKey().resolve(did);
        }, false).build();
        uncached.resolve(DID);
        uncached.resolve(DID);
        assertEquals(2, calls2.get());
    }

    @Test
    void aThrowingMethodResolverBecomesInternalError() {
        CompositeResolver r = CompositeResolver.builder().method("boom", did -> {
            throw new IllegalStateException("bug");
        }, true).build();
        ResolutionResult res = r.resolve("did:boom:1");
        assertEquals(ErrorCode.INTERNAL_ERROR, res.error().orElseThrow());
        assertTrue(res.isDependencyFailure());
    }

    @Test
    void dereferencesDocumentsMethodsAndReportsMisses() {
        CompositeResolver r = DidResolvers.offline();
        DereferenceResult doc = r.dereference(DID);
        assertTrue(doc.isSuccess());
        assertEquals(DID, doc.content().orElseThrow().getString("id"));
        assertTrue(doc.verificationMethod().isEmpty());
        assertEquals(ResolutionResult.DID_LD_JSON, doc.toJson().getJsonObject("dereferencingMetadata").getString("contentType"));

        DereferenceResult vm = r.dereference(DID + "#" + ED);
        assertEquals(DID + "#" + ED, vm.verificationMethod().orElseThrow().id());
        assertEquals("Multikey", vm.toJson().getJsonObject("contentStream").getString("type"));
        // the embedded X25519 key agreement method is also dereferenceable
        assertTrue(r.dereference(DID + "#z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p").verificationMethod().isPresent());

        assertEquals(ErrorCode.NOT_FOUND, r.dereference(DID + "#nope").error().orElseThrow());
        assertEquals(ErrorCode.NOT_FOUND, r.dereference(DID + "/path").error().orElseThrow());
        assertEquals(ErrorCode.INVALID_DID_URL, r.dereference("did:key:" + ED + "#a#b").error().orElseThrow());
        assertEquals(ErrorCode.METHOD_NOT_SUPPORTED, r.dereference("did:web:example.com#k").error().orElseThrow());
        JsonObject err = r.dereference(DID + "#nope").toJson();
        assertTrue(err.isNull("contentStream"));
        assertEquals("notFound", err.getJsonObject("dereferencingMetadata").getString("error"));
    }

    @Test
    void resolutionResultJsonShape() {
        JsonObject ok = DidResolvers.offline().resolve(DID).toJson();
        assertEquals(ResolutionResult.RESOLUTION_CONTEXT, ok.getString("@context"));
        assertEquals(DID, ok.getJsonObject("didDocument").getString("id"));
        assertEquals("application/did+ld+json", ok.getJsonObject("didResolutionMetadata").getString("contentType"));
        assertFalse(ok.getJsonObject("didResolutionMetadata").containsKey("error"));
        assertTrue(ok.getJsonObject("didDocumentMetadata").isEmpty());
        JsonObject bad = DidResolvers.offline().resolve("did:key:z0O").toJson();
        assertTrue(bad.isNull("didDocument"));
        assertEquals("invalidDid", bad.getJsonObject("didResolutionMetadata").getString("error"));
        assertFalse(bad.getJsonObject("didResolutionMetadata").getString("errorMessage").isBlank());
        assertEquals(ErrorCode.NOT_FOUND, ErrorCode.fromCode("notFound").orElseThrow());
        assertEquals(ErrorCode.Category.DEPENDENCY_FAILED, ErrorCode.INTERNAL_ERROR.category());
        assertEquals(ErrorCode.Category.NOT_FOUND, ErrorCode.INVALID_DID_DOCUMENT.category());
    }
}
