package dev.mandate.examples;

import dev.mandate.MandateException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.registry.GrantService;
import dev.mandate.registry.IssueOptions;
import dev.mandate.registry.PublishedList;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.StatusUpdate;
import dev.mandate.registry.Store;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verifier.status.HttpStatusListFetcher;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verifier.status.StatusFetchOptions;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/** Issuing with status, publishing lists, checking status and just-in-time grants (docs/status.md). */
public final class StatusExamples {
    private StatusExamples() {
    }

    /** What {@link #issueAndPublish} made. */
    public record Issued(JsonObject credential, PublishedList list) {
    }

    /**
     * Issues {@code unsigned} with a revocation and a suspension entry, and publishes their list.
     *
     * @param store the status store
     * @param keyMaterial the issuer's key (its did:key signs)
     * @param unsigned a credential without issuer or proof
     * @return the credential and its published list
     * @throws MandateException if the store or signing fails
     */
    public static Issued issueAndPublish(Store store, KeyMaterial keyMaterial, JsonObject unsigned) throws MandateException {
        String multikey = keyMaterial.publicKey().toMultikey();
        String did = "did:key:" + multikey;
        // tag::issue[]
        IssuerKey key = new IssuerKey(did, did + "#" + multikey, "eddsa-rdfc-2022", keyMaterial.signer());
        StatusService status = new StatusService(store, "https://issuer.example/status-lists/", key, new Issuer());

        JsonObject vc = status.issue(unsigned, IssueOptions.purposes(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION)
                .withValidFor(Duration.ofDays(30)));            // gives it an id, allocates, adds credentialStatus, signs

        String listUrl = vc.getJsonArray("credentialStatus").getJsonObject(0).getString("statusListCredential");
        String listId = status.listId(listUrl).orElseThrow();
        Optional<PublishedList> list = status.publish(listId);  // what GET /status-lists/{listId} serves
        list.get().credential();    // the signed BitstringStatusListCredential
        list.get().etag();          // "\"<listId>-<version>\""
        list.get().cacheControl();  // "public, max-age=<ttl seconds>"
        // end::issue[]
        return new Issued(vc, list.get());
    }

    /**
     * Verifies {@code credentialJson}, checking the status lists it names over HTTPS.
     *
     * @param credentialJson a credential
     * @return the verification result
     */
    public static VerificationResult verify(String credentialJson) {
        // tag::verify[]
        StatusChecker checker = StatusChecker.builder()
                .fetcher(new HttpStatusListFetcher(StatusFetchOptions.defaults()))  // the default
                .maxStaleness(Duration.ofMinutes(5))
                .build();
        Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.standard()))
                .statusChecker(checker)
                .build();
        VerificationResult r = verifier.verify(credentialJson, VerifyOptions.none());
        // end::verify[]
        return r;
    }

    /** What {@link #grant} did: the grant, its two uses and the updates completing its task made. */
    public record Granted(GrantService.Grant grant, GrantService.Use first, GrantService.Use second, List<StatusUpdate> revoked) {
    }

    /**
     * Grants {@code agentDid} a single-use read for task report-42, uses it, completes the task, and uses it again.
     *
     * @param status the status service that signs and records the grant
     * @param agentDid the agent's DID
     * @return what happened
     * @throws MandateException if the store or signing fails
     */
    public static Granted grant(StatusService status, String agentDid) throws MandateException {
        // tag::grant[]
        GrantService grants = new GrantService(status, Clock.systemUTC());
        GrantService.Grant g = grants.issue(new GrantService.Request(
                agentDid, "read", "https://db.example/reports", Duration.ofSeconds(3), "report-42", true));
        g.credential();   // signed AgentCapabilityCredential, validUntil = now + 3 s, revocation entry tied to the task
        GrantService.Use use = grants.use(g.record().credentialId());  // ACCEPTED the first time; ALREADY_USED afterwards (single-use)
        List<StatusUpdate> revoked = grants.complete("report-42");     // revokes every grant of the task in one transaction
        // end::grant[]
        return new Granted(g, use, grants.use(g.record().credentialId()), revoked);
    }
}
