package dev.mandate.vc.verifier.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.status.StatusListIssuer;
import dev.mandate.vc.issuer.status.StatusListOptions;
import dev.mandate.vc.status.StatusBitstring;
import dev.mandate.vc.status.StatusListEntry;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verification;
import dev.mandate.vc.verifier.VerifiedCredential;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link Verifier#recheck}: what a cache of verified credentials calls on every hit. It must give exactly what a full
 * verification gives at that time (a revocation, suspension, reinstatement or the end of the validity period applies
 * at once), and only for credentials the same verifier admitted.
 */
class RecheckTest {
    static final Issuer ISSUER = new Issuer();
    static final StatusListIssuer LISTS = new StatusListIssuer(ISSUER);
    static final String REVOCATIONS = "https://status.example/lists/r";
    static final String SUSPENSIONS = "https://status.example/lists/s";

    final IssuerKey org = key();
    /** The signed lists and their versions, as a server's own store holds them. */
    final Map<String, FetchedList> lists = new ConcurrentHashMap<>();

    static IssuerKey key() {
        KeyMaterial k = KeyMaterial.generate(KeyType.ED25519);
        String mk = k.publicKey().toMultikey();
        return new IssuerKey("did:key:" + mk, "did:key:" + mk + "#" + mk, "eddsa-rdfc-2022", k.signer());
    }

    /** Signs the list at {@code url} with the given bits set, under a new version. */
    void publish(String url, StatusPurpose purpose, int... set) throws Exception {
        StatusBitstring bits = StatusBitstring.zeros(StatusBitstring.MIN_ENTRIES, 1);
        for (int i : set) {
            bits.set(i, 1);
        }
        JsonObject vc = LISTS.sign(url, purpose, bits, org, StatusListOptions.defaults().withTtl(Duration.ofMinutes(5)));
        String version = Integer.toString(lists.containsKey(url) ? Integer.parseInt(lists.get(url).version()) + 1 : 1);
        lists.put(url, new FetchedList(vc.toString().getBytes(StandardCharsets.UTF_8), 0, true, version));
    }

    Verifier verifier() {
        StatusListFetcher own = new StatusListFetcher() {
            @Override
            public FetchedList fetch(String url) throws StatusFetchException {
                FetchedList f = lists.get(url);
                if (f == null) {
                    throw new StatusFetchException("no list " + url);
                }
                return f;
            }

            @Override
            public Optional<String> version(String url) {
                return Optional.ofNullable(lists.get(url)).map(FetchedList::version);
            }
        };
        return Verifier.builder(new DidMethodResolver(DidResolvers.offline())).statusChecker(StatusChecker.builder().fetcher(own).build())
                .build();
    }

    JsonObject credential(Duration validFor, StatusListEntry... entries) throws Exception {
        JsonObject unsigned = Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2"))
                .add("id", "urn:uuid:0b7f2a1d-5e8c-4c8e-9b7f-6f1c2b9e3d4a")
                .add("type", Json.createArrayBuilder().add("VerifiableCredential"))
                .add("credentialSubject", Json.createObjectBuilder().add("id", "did:example:agent"))
                .build();
        return ISSUER.issue(entries.length == 0 ? unsigned : StatusListIssuer.withStatus(unsigned, List.of(entries)), org, validFor);
    }

    /**
     * Rechecks at {@code at} and asserts the result is, to the JSON, what a full verification gives then. A status
     * entry says whether its list was fetched for the check or taken from the checker's cache: the first check after
     * a list changes fetches it, so the comparison is made once that list is in the cache for both.
     */
    static VerificationResult recheckLikeAFullVerification(Verifier v, VerifiedCredential admitted, JsonObject vc, Instant at) {
        Verification first = v.recheck(admitted, VerifyOptions.none().at(at));
        VerificationResult full = v.verify(vc, VerifyOptions.none().at(at));
        Verification again = v.recheck(admitted, VerifyOptions.none().at(at));
        assertEquals(full.toJson(), again.result().toJson());
        assertEquals(full, again.result());
        assertEquals(full.problems(), first.result().problems());
        assertEquals(full.verified(), again.credential().isPresent(), "a credential again only while it verifies");
        assertEquals(full.verified(), first.credential().isPresent());
        return again.result();
    }

    /** A verifier, and a credential with a revocation and a suspension entry at {@code index} that it admitted now. */
    record Admitted(Verifier verifier, JsonObject vc, Instant now, VerifiedCredential credential) {}

    Admitted twoEntriesAdmitted(int index) throws Exception {
        publish(REVOCATIONS, StatusPurpose.REVOCATION);
        publish(SUSPENSIONS, StatusPurpose.SUSPENSION);
        Verifier v = verifier();
        JsonObject vc = credential(Duration.ofHours(1), StatusListEntry.of(StatusPurpose.REVOCATION, REVOCATIONS, index),
                StatusListEntry.of(StatusPurpose.SUSPENSION, SUSPENSIONS, index));
        Instant now = Instant.now();
        return new Admitted(v, vc, now, v.verifyWithView(vc, VerifyOptions.none().at(now)).credential().orElseThrow());
    }

    @Test
    void aRevocationASuspensionAndAReinstatementApplyToTheNextRecheck() throws Exception {
        Admitted a = twoEntriesAdmitted(4242);
        Verifier v = a.verifier();
        JsonObject vc = a.vc();
        Instant now = a.now();
        VerifiedCredential admitted = a.credential();
        VerificationResult unchanged = recheckLikeAFullVerification(v, admitted, vc, now);
        assertTrue(unchanged.verified(), unchanged.toJson()::toString);
        assertEquals(admitted.result().checks(), unchanged.checks());
        assertTrue(unchanged.checks().contains("status"));

        publish(SUSPENSIONS, StatusPurpose.SUSPENSION, 4242);
        VerificationResult suspended = recheckLikeAFullVerification(v, admitted, vc, now);
        assertFalse(suspended.verified());
        assertEquals(ErrorType.CREDENTIAL_SUSPENDED, suspended.problems().get(0).type());
        assertFalse(suspended.checks().contains("status"));

        publish(SUSPENSIONS, StatusPurpose.SUSPENSION, 17); // reinstated (another credential suspended)
        assertEquals(unchanged, recheckLikeAFullVerification(v, admitted, vc, now));

        publish(REVOCATIONS, StatusPurpose.REVOCATION, 4242);
        VerificationResult revoked = recheckLikeAFullVerification(v, admitted, vc, now);
        assertEquals(ErrorType.CREDENTIAL_REVOKED, revoked.problems().get(0).type());

        lists.remove(REVOCATIONS); // the list cannot be read: fail closed, as a full verification does
        VerificationResult unreadable = recheckLikeAFullVerification(v, admitted, vc, now);
        assertEquals(ErrorType.STATUS_RETRIEVAL_ERROR, unreadable.problems().get(0).type());
    }

    @Test
    void theEndOfTheValidityPeriodOrOfTheProofAppliesToARecheck() throws Exception {
        publish(REVOCATIONS, StatusPurpose.REVOCATION);
        Verifier v = verifier();
        JsonObject vc = credential(Duration.ofMinutes(5), StatusListEntry.of(StatusPurpose.REVOCATION, REVOCATIONS, 9));
        Instant now = Instant.now();
        VerifiedCredential admitted = v.verifyWithView(vc, VerifyOptions.none().at(now)).credential().orElseThrow();
        VerificationResult expired = recheckLikeAFullVerification(v, admitted, vc, now.plus(Duration.ofMinutes(10)));
        assertEquals(ErrorType.VALIDITY_PERIOD_ERROR, expired.problems().get(0).type());
        assertTrue(expired.status().isEmpty(), "no status is read for a credential that already failed");
        // and one without status: the validity period alone
        JsonObject plain = credential(Duration.ofMinutes(5));
        VerifiedCredential plainAdmitted = v.verifyWithView(plain, VerifyOptions.none().at(now)).credential().orElseThrow();
        assertEquals(plainAdmitted.result(), recheckLikeAFullVerification(v, plainAdmitted, plain, now.plusSeconds(60)),
                "without status nothing but the time can change the result");
        assertNotEquals(plainAdmitted.result(), recheckLikeAFullVerification(v, plainAdmitted, plain, now.plus(Duration.ofMinutes(6))));

        // a proof's own expiry: past it the proof's outcome is not reused, the view is verified in full
        JsonObject unsigned = Json.createObjectBuilder(credential(Duration.ofHours(1))).remove("proof").build();
        JsonObject shortProof = dev.mandate.vc.proof.DataIntegrity.sign(unsigned, dev.mandate.vc.proof.ProofOptions
                .builder("eddsa-rdfc-2022", org.verificationMethod()).created(now).expires(now.plus(Duration.ofMinutes(2))).build(), org.signer());
        VerifiedCredential shortAdmitted = v.verifyWithView(shortProof, VerifyOptions.none().at(now)).credential().orElseThrow();
        assertTrue(recheckLikeAFullVerification(v, shortAdmitted, shortProof, now.plusSeconds(60)).verified());
        VerificationResult proofExpired = recheckLikeAFullVerification(v, shortAdmitted, shortProof, now.plus(Duration.ofMinutes(10)));
        assertEquals(ErrorType.PROOF_VERIFICATION_ERROR, proofExpired.problems().get(0).type(), proofExpired.toJson()::toString);
        assertTrue(proofExpired.problems().get(0).message().contains("expired"), proofExpired.toJson()::toString);
        // and before the proof was made (a recheck at an earlier time)
        VerificationResult early = recheckLikeAFullVerification(v, shortAdmitted, shortProof, now.minus(Duration.ofMinutes(10)));
        assertFalse(early.verified(), early.toJson()::toString);
    }

    @Test
    void atEveryTimeBoundARecheckSaysWhatAFullVerificationSays() throws Exception {
        // the recheck answers from the admission while every time bound holds: at each bound, inclusive, and one
        // nanosecond beyond, it must agree with a full verification (the default clock skew is 5 s)
        publish(REVOCATIONS, StatusPurpose.REVOCATION);
        Verifier v = verifier();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonObject unsigned = Json.createObjectBuilder(credential(Duration.ofHours(1), StatusListEntry.of(StatusPurpose.REVOCATION, REVOCATIONS, 5)))
                .remove("proof").add("validFrom", now.minusSeconds(60).toString()).add("validUntil", now.plusSeconds(600).toString()).build();
        JsonObject vc = dev.mandate.vc.proof.DataIntegrity.sign(unsigned, dev.mandate.vc.proof.ProofOptions.builder("eddsa-rdfc-2022",
                org.verificationMethod()).created(now.minusSeconds(30)).expires(now.plusSeconds(300)).build(), org.signer());
        VerifiedCredential admitted = v.verifyWithView(vc, VerifyOptions.none().at(now)).credential().orElseThrow();
        Duration skew = Duration.ofSeconds(5);
        Instant[] bounds = {now.minusSeconds(30).minus(skew), now.plusSeconds(300).plus(skew)}; // created, proof expires
        assertTrue(recheckLikeAFullVerification(v, admitted, vc, bounds[0]).verified());
        assertFalse(recheckLikeAFullVerification(v, admitted, vc, bounds[0].minusNanos(1)).verified());
        assertTrue(recheckLikeAFullVerification(v, admitted, vc, bounds[1]).verified());
        assertFalse(recheckLikeAFullVerification(v, admitted, vc, bounds[1].plusNanos(1)).verified());
        // and the validity period's own bounds, with the proof's window wider
        JsonObject wide = dev.mandate.vc.proof.DataIntegrity.sign(unsigned, dev.mandate.vc.proof.ProofOptions.builder("eddsa-rdfc-2022",
                org.verificationMethod()).created(now.minusSeconds(3600)).build(), org.signer());
        VerifiedCredential wideAdmitted = v.verifyWithView(wide, VerifyOptions.none().at(now)).credential().orElseThrow();
        Instant from = now.minusSeconds(60).minus(skew);
        Instant until = now.plusSeconds(600).plus(skew);
        assertTrue(recheckLikeAFullVerification(v, wideAdmitted, wide, from).verified());
        VerificationResult before = recheckLikeAFullVerification(v, wideAdmitted, wide, from.minusNanos(1));
        assertEquals(ErrorType.VALIDITY_PERIOD_ERROR, before.problems().get(0).type(), before.toJson()::toString);
        assertTrue(recheckLikeAFullVerification(v, wideAdmitted, wide, until).verified());
        VerificationResult after = recheckLikeAFullVerification(v, wideAdmitted, wide, until.plusNanos(1));
        assertEquals(ErrorType.VALIDITY_PERIOD_ERROR, after.problems().get(0).type(), after.toJson()::toString);
    }

    @Test
    void onlyTheVerifierThatAdmittedACredentialRechecksIt() throws Exception {
        publish(REVOCATIONS, StatusPurpose.REVOCATION);
        JsonObject vc = credential(Duration.ofHours(1), StatusListEntry.of(StatusPurpose.REVOCATION, REVOCATIONS, 3));
        // a lax verifier (status ignored) admits it; a verifier that checks status must not take that admission
        Verifier lax = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).ignoreCredentialStatus().build();
        VerifiedCredential admittedElsewhere = lax.verifyWithView(vc, VerifyOptions.none()).credential().orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> verifier().recheck(admittedElsewhere, VerifyOptions.none()));
        assertTrue(e.getMessage().contains("another verifier"), e.getMessage());
        // a JOSE credential's time checks are its adapter's: not rechecked here
        JsonObject unsigned = Json.createObjectBuilder(credential(Duration.ofHours(1))).remove("proof").build();
        String jwt = new dev.mandate.vc.issuer.jose.JoseIssuer(java.time.Clock.systemUTC()).issueJwt(unsigned,
                IssuerKey.jose(org.did(), org.verificationMethod(), org.signer()), Duration.ofHours(1));
        Verifier v = verifier();
        VerifiedCredential jose = v.verifyWithView(jwt, VerifyOptions.none()).credential().orElseThrow();
        e = assertThrows(IllegalArgumentException.class, () -> v.recheck(jose, VerifyOptions.none()));
        assertTrue(e.getMessage().contains("Data Integrity"), e.getMessage());
    }

    @Test
    void aRecheckIsReusedOnlyWhileEveryListItReadIsStillTheOneACheckWouldRead() throws Exception {
        // Versioned lists (a server's own): the same outcome is given again while no version moved, and the first
        // recheck after a change sees it.
        Admitted a = twoEntriesAdmitted(77);
        Verifier v = a.verifier();
        JsonObject vc = a.vc();
        Instant now = a.now();
        VerifiedCredential admitted = a.credential();
        Verification first = v.recheck(admitted, VerifyOptions.none().at(now));
        assertSame(first, v.recheck(admitted, VerifyOptions.none().at(now.plusSeconds(30))), "nothing changed: the outcome is reused");
        assertSame(first, v.recheck(first.credential().orElseThrow(), VerifyOptions.none().at(now)),
                "a recheck's credential shares the admitted one's memo: rechecking each last one builds no chain");
        publish(SUSPENSIONS, StatusPurpose.SUSPENSION, 77);
        Verification suspended = v.recheck(admitted, VerifyOptions.none().at(now));
        assertEquals(ErrorType.CREDENTIAL_SUSPENDED, suspended.result().problems().get(0).type(), suspended.result().toJson()::toString);
        assertEquals(v.verify(vc, VerifyOptions.none().at(now)).problems(), suspended.result().problems());
        Verification suspendedAgain = v.recheck(admitted, VerifyOptions.none().at(now)); // the new version from the cache now
        assertEquals(v.verify(vc, VerifyOptions.none().at(now)), suspendedAgain.result());
        assertSame(suspendedAgain, v.recheck(admitted, VerifyOptions.none().at(now)), "a refusal is reused the same way");
        publish(REVOCATIONS, StatusPurpose.REVOCATION, 77); // the other entry's list
        VerificationResult revoked = v.recheck(admitted, VerifyOptions.none().at(now)).result();
        assertEquals(List.of(ErrorType.CREDENTIAL_REVOKED, ErrorType.CREDENTIAL_SUSPENDED), revoked.problems().stream().map(p -> p.type()).toList());
        lists.remove(REVOCATIONS); // unreadable: fail closed, never the outcome of before
        assertEquals(ErrorType.STATUS_RETRIEVAL_ERROR, v.recheck(admitted, VerifyOptions.none().at(now)).result().problems().get(0).type());
        // past the validity period the reused outcome does not apply
        assertEquals(ErrorType.VALIDITY_PERIOD_ERROR, v.recheck(admitted, VerifyOptions.none().at(now.plus(Duration.ofHours(2))))
                .result().problems().get(0).type());

        // Lists without versions (fetched over HTTP): reused while the cached list is, and not after a push or its ttl.
        Map<String, byte[]> served = new ConcurrentHashMap<>();
        served.put(REVOCATIONS, signed(REVOCATIONS));
        AtomicLong nanos = new AtomicLong();
        StatusChecker checker = StatusChecker.builder().nanoTime(nanos::get).fetcher(url -> {
            byte[] b = served.get(url);
            if (b == null) {
                throw new StatusFetchException("no list " + url);
            }
            return new FetchedList(b, -1, false, ""); // cacheable for the list's ttl
        }).build();
        Verifier http = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).statusChecker(checker).build();
        JsonObject one = credential(Duration.ofHours(1), StatusListEntry.of(StatusPurpose.REVOCATION, REVOCATIONS, 77));
        VerifiedCredential admittedOne = http.verifyWithView(one, VerifyOptions.none().at(now)).credential().orElseThrow();
        Verification cached = http.recheck(admittedOne, VerifyOptions.none().at(now));
        served.put(REVOCATIONS, signed(REVOCATIONS, 77)); // revoked at the source; the cached list (ttl 5 min) does not know yet
        assertSame(cached, http.recheck(admittedOne, VerifyOptions.none().at(now)));
        assertEquals(http.verify(one, VerifyOptions.none().at(now)), cached.result(), "a full check reads the same cached list");
        checker.invalidate(REVOCATIONS); // a push
        assertEquals(ErrorType.CREDENTIAL_REVOKED, http.recheck(admittedOne, VerifyOptions.none().at(now)).result().problems().get(0).type());
        served.put(REVOCATIONS, signed(REVOCATIONS)); // reinstated at the source
        Verification revokedAgain = http.recheck(admittedOne, VerifyOptions.none().at(now));
        assertFalse(revokedAgain.result().verified(), "the cached list still says revoked");
        assertSame(revokedAgain, http.recheck(admittedOne, VerifyOptions.none().at(now)));
        nanos.addAndGet(Duration.ofMinutes(6).toNanos()); // past the list's ttl
        assertTrue(http.recheck(admittedOne, VerifyOptions.none().at(now)).result().verified());

        // a reading belongs to its checker
        StatusChecker other = StatusChecker.builder().fetcher(url -> new FetchedList(served.get(url), -1, false, "")).build();
        StatusChecker.Reading reading = checker.read(one, org.did(), body -> {
            throw new AssertionError("the list is cached");
        });
        assertTrue(checker.current(reading));
        assertFalse(other.current(reading));
    }

    @Test
    void underConcurrentRechecksEveryRevocationPublishedBeforeARecheckBeganApplies() throws Exception {
        // Four threads recheck 24 credentials over and over (so their remembered outcomes race) while the list's
        // publisher revokes them one by one, each time under a new version. A recheck that began after a revocation
        // was published must never say the credential verifies.
        publish(REVOCATIONS, StatusPurpose.REVOCATION);
        Verifier v = verifier();
        Instant now = Instant.now();
        int n = 24;
        List<VerifiedCredential> admitted = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonObject vc = credential(Duration.ofHours(1), StatusListEntry.of(StatusPurpose.REVOCATION, REVOCATIONS, 100 + i));
            admitted.add(v.verifyWithView(vc, VerifyOptions.none().at(now)).credential().orElseThrow());
        }
        java.util.concurrent.atomic.AtomicInteger revoked = new java.util.concurrent.atomic.AtomicInteger(); // 0 .. revoked-1
        java.util.concurrent.atomic.AtomicReference<String> wrong = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicLong rechecks = new AtomicLong();
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                running.add(readers.submit(() -> {
                    java.util.Random random = new java.util.Random(seed);
                    while (!done.get()) {
                        int k = random.nextInt(n);
                        int published = revoked.get();
                        VerificationResult r = v.recheck(admitted.get(k), VerifyOptions.none().at(now)).result();
                        rechecks.incrementAndGet();
                        if (k < published && r.verified()) {
                            wrong.compareAndSet(null, "credential " + k + " verified after its revocation was published");
                        } else if (!r.verified() && r.problems().get(0).type() != ErrorType.CREDENTIAL_REVOKED) {
                            wrong.compareAndSet(null, "credential " + k + ": " + r.problems());
                        }
                    }
                }));
            }
            int[] set = new int[n];
            for (int i = 0; i < n; i++) {
                set[i] = 100 + i;
                publish(REVOCATIONS, StatusPurpose.REVOCATION, java.util.Arrays.copyOf(set, i + 1));
                revoked.set(i + 1);
                Thread.sleep(3);
            }
            Thread.sleep(20);
            done.set(true);
            for (java.util.concurrent.Future<?> f : running) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            done.set(true);
            readers.shutdownNow();
        }
        assertEquals(null, wrong.get());
        assertTrue(rechecks.get() > 4L * n, "the readers ran: " + rechecks.get() + " rechecks");
        for (VerifiedCredential c : admitted) {
            assertEquals(ErrorType.CREDENTIAL_REVOKED, v.recheck(c, VerifyOptions.none().at(now)).result().problems().get(0).type());
        }
    }

    /** A list signed with the given bits set, as an HTTP status host serves it. */
    byte[] signed(String url, int... set) throws Exception {
        StatusBitstring bits = StatusBitstring.zeros(StatusBitstring.MIN_ENTRIES, 1);
        for (int i : set) {
            bits.set(i, 1);
        }
        return LISTS.sign(url, StatusPurpose.REVOCATION, bits, org, StatusListOptions.defaults().withTtl(Duration.ofMinutes(5)))
                .toString().getBytes(StandardCharsets.UTF_8);
    }
}
