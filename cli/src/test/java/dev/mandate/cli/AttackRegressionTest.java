package dev.mandate.cli;

import dev.mandate.vc.issuer.jose.SdJwtOptions;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.server.Attacks;

import dev.mandate.agent.request.Amount;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.vc.issuer.jose.JoseIssuer;
import dev.mandate.vc.issuer.status.StatusListIssuer;
import dev.mandate.vc.status.StatusListEntry;
import dev.mandate.vc.status.StatusPurpose;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks from the security review, run end to end through {@code mandate} (in-process, real keys and
 * signatures, a real SQLite store and a status-list server on loopback). Every test builds the attack and
 * asserts the secure outcome: the verification core must decide only on what is signed. Where the test
 * shows an honest document next to the attack, the honest one must still be accepted (or refused for its
 * own, honest reason), so the difference is the attack alone.
 */
class AttackRegressionTest {
    /** The protected API; never contacted (requests are signed with --dry-run and decided offline). */
    static final String API = "https://api.supplier.example/";

    @TempDir
    Path dir;
    CliHarness cli;
    String store;
    StatusListServer lists;
    String org;
    String agent;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(dir);
        Files.createDirectories(cli.workDir);
        store = "jdbc:sqlite:" + dir.resolve("org.db");
        cli.env.put("MANDATE_STORE", store);
        org = did("org");
        agent = did("agent");
        lists = StatusListServer.start(store, StatusListServer.issuerKey(cli, "org"));
        cli.env.put("MANDATE_STATUS_URL", lists.base());
        write("policy.json", "{\"maxDepth\":1,\"trust\":[{\"issuer\":\"" + org + "\",\"resources\":[\"" + API + "\"]}]}");
    }

    @AfterEach
    void tearDown() {
        lists.close();
    }

    // ------------------------------------------------------------------------------------------ 1. forged capability root

    /**
     * Attack 1, forged capability root (critical). The attacker self-issues a vc+jwt with its own key and
     * wraps it in an EnvelopedVerifiableCredential whose unsigned outer members claim the trusted org as
     * issuer and grant the attacker {@code pay} on the whole API. Only the inner JWT is verified, yet the
     * chain's issuer and capabilities were read from the envelope: {@code mandate authorize} allowed it.
     * Secure: DENY, exit 1. The org's genuine root next to it is still allowed.
     */
    @Test
    void forgedEnvelopedCapabilityRootIsDenied() throws Exception {
        String pay = "{\"action\":\"pay\",\"resource\":\"" + API + "orders/\",\"constraints\":{\"maxAmount\":\"500\",\"currency\":\"EUR\"}}";
        write("root.json", ok("cap", "grant", "--key", "org", "--subject", agent, "--capability", pay, "--valid-for", "10m").out());
        signRequest("root.json", "honest-req.json", "{\"amount\":\"100\",\"currency\":\"EUR\"}");
        assertTrue(ok("authorize", "--policy", "policy.json", "honest-req.json").json().getBoolean("allow"), "the org's own grant is allowed");

        write("self.json", capabilityCredential(agent, "read", API + "catalog/"));
        String jwt = ok("vc", "issue", "--key", "agent", "--format", "jwt", "self.json").out().strip();
        write("self.jwt", jwt);
        assertTrue(ok("vc", "verify", "self.jwt").json().getBoolean("verified"), "the inner JWT is genuine: the attacker's own");
        JsonArray everything = Json.createArrayBuilder().add(Json.createObjectBuilder().add("action", "pay").add("resource", API)).build();
        write("forged.json", Attacks.forgedEnvelope(jwt, org, agent, everything).toString());
        signRequest("forged.json", "forged-req.json", "{\"amount\":\"1000000\",\"currency\":\"EUR\"}");

        CliHarness.Result r = cli.run("authorize", "--policy", "policy.json", "forged-req.json");
        assertEquals(ExitCode.NEGATIVE, r.exit(), "a root whose issuer and capabilities are not signed by that issuer must be denied: " + r);
        assertFalse(r.json().getBoolean("allow"), r.toString());
        assertTrue(r.err().startsWith("DENY"), r.err());
    }

    // ------------------------------------------------------------------------------------------ 2. renamed signed fields

    /**
     * Attack 2, renamed validUntil. An expired eddsa-rdfc-2022 credential gets an inline context defining
     * {@code vu} as {@code https://www.w3.org/2018/credentials#validUntil} and {@code validUntil} renamed to
     * {@code vu}: the RDF graph, and so the proof, is unchanged, but the expiry check reads the JSON member
     * validUntil and found none. Secure: not verified, exit 1, the reason names {@code vu}.
     */
    @Test
    void expiredCredentialWithValidUntilRenamedIsRefused() throws Exception {
        write("expired-unsigned.json", Json.createObjectBuilder(json(capabilityCredential(agent, "read", API + "orders/")))
                .add("validFrom", "2020-01-01T00:00:00Z").add("validUntil", "2021-01-01T00:00:00Z").build().toString());
        JsonObject expired = rdfc(ok("vc", "issue", "--key", "org", "expired-unsigned.json").json());
        write("expired.json", expired.toString());
        assertTrue(fails(ExitCode.NEGATIVE, "vc", "verify", "expired.json").out().contains("VALIDITY_PERIOD_ERROR"), "honestly expired");

        write("vu.json", Attacks.alias(expired, "validUntil", "vu", Attacks.VALID_UNTIL).toString());
        refusedNaming("vu", "vu.json");
    }

    /**
     * Attack 2, renamed credentialStatus. A revoked eddsa-rdfc-2022 credential gets {@code cs} defined
     * inline as {@code credentials#credentialStatus} (with {@code "@type": "@id"}, as the v2 context defines
     * it) and its {@code credentialStatus} renamed {@code cs}: same graph, same proof, and the status check,
     * which looks for the JSON member credentialStatus, never ran. Secure: not verified, exit 1, naming {@code cs}.
     */
    @Test
    void revokedCredentialWithCredentialStatusRenamedIsRefused() throws Exception {
        write("unsigned.json", capabilityCredential(agent, "read", API + "orders/"));
        JsonObject vc = rdfc(ok("vc", "issue", "--key", "org", "--status", "revocation", "unsigned.json").json());
        write("revoked.json", vc.toString());
        assertEquals(0, cli.run("vc", "verify", "--allow-http-loopback", "revoked.json").exit(), "active before the revocation");
        ok("status", "revoke", vc.getString("id"));
        assertTrue(fails(ExitCode.NEGATIVE, "vc", "verify", "--allow-http-loopback", "revoked.json").out().contains("CREDENTIAL_REVOKED"));

        write("cs.json", Attacks.alias(vc, "credentialStatus", "cs", Attacks.CREDENTIAL_STATUS).toString());
        refusedNaming("cs", "--allow-http-loopback", "cs.json");
    }

    /**
     * Attack 2, renamed subject id. {@code "who": "@id"} inline and credentialSubject's {@code id} renamed
     * {@code who}: the graph still names the agent as subject, the JSON has no subject id (a reader sees a
     * bearer credential). Secure: not verified, exit 1, naming {@code who}.
     */
    @Test
    void credentialWithSubjectIdRenamedIsRefused() throws Exception {
        write("unsigned.json", capabilityCredential(agent, "read", API + "orders/"));
        JsonObject vc = rdfc(ok("vc", "issue", "--key", "org", "--valid-for", "10m", "unsigned.json").json());
        write("vc.json", vc.toString());
        assertTrue(ok("vc", "verify", "vc.json").json().getBoolean("verified"), "the honest credential verifies");

        write("who.json", Attacks.aliasSubjectId(vc, "who").toString());
        refusedNaming("who", "who.json");
    }

    /**
     * Attack 2, inline redefinition of the protected term {@code issuer}. The type-scoped VerifiableCredential
     * context defines it again, so the graph and the proof are unchanged, but the JSON's issuer no longer
     * means what the verifier reads it as. Secure: not verified, exit 1, naming {@code issuer}.
     */
    @Test
    void credentialRedefiningIssuerInlineIsRefused() throws Exception {
        write("unsigned.json", capabilityCredential(agent, "read", API + "orders/"));
        JsonObject vc = rdfc(ok("vc", "issue", "--key", "org", "--valid-for", "10m", "unsigned.json").json());
        write("vc.json", vc.toString());
        assertTrue(ok("vc", "verify", "vc.json").json().getBoolean("verified"), "the honest credential verifies");

        write("issuer.json", Attacks.redefineIssuer(vc).toString());
        refusedNaming("issuer", "issuer.json");
    }

    /**
     * Attack 2 through authorization: a REVOKED capability root (eddsa-rdfc-2022, with a revocation entry)
     * whose credentialStatus is renamed {@code cs}. {@code mandate authorize} has no status source, so the
     * honest revoked root is denied (its status cannot be checked); renamed, the status was never looked at
     * and the request was allowed. Secure: DENY, exit 1.
     */
    @Test
    void revokedCapabilityRootWithCredentialStatusRenamedIsDenied() throws Exception {
        write("cap-unsigned.json", capabilityCredential(agent, "pay", API + "orders/"));
        JsonObject root = rdfc(ok("vc", "issue", "--key", "org", "--status", "revocation", "--valid-for", "10m", "cap-unsigned.json").json());
        ok("status", "revoke", root.getString("id"));
        write("revoked-root.json", root.toString());
        signRequest("revoked-root.json", "honest-req.json", "{\"amount\":\"10\",\"currency\":\"EUR\"}");
        assertFalse(fails(ExitCode.NEGATIVE, "authorize", "--policy", "policy.json", "honest-req.json").json().getBoolean("allow"));

        write("cs-root.json", Attacks.alias(root, "credentialStatus", "cs", Attacks.CREDENTIAL_STATUS).toString());
        signRequest("cs-root.json", "attack-req.json", "{\"amount\":\"10\",\"currency\":\"EUR\"}");
        CliHarness.Result r = cli.run("authorize", "--policy", "policy.json", "attack-req.json");
        assertEquals(ExitCode.NEGATIVE, r.exit(), "a revoked root must not be allowed because its status member was renamed: " + r);
        assertFalse(r.json().getBoolean("allow"), r.toString());
        assertTrue(r.err().startsWith("DENY"), r.err());
    }

    // ------------------------------------------------------------------------------------------ 3. nested credentials

    /**
     * Attack 3a, a revoked vc+jwt inside a vp+jwt. Alone it is refused (CREDENTIAL_REVOKED); nested in a
     * presentation its status was never checked and the presentation verified. Secure: exit 1 with the
     * credential's CREDENTIAL_REVOKED problem.
     */
    @Test
    void revokedJwtCredentialInsideAJwtPresentationIsRefused() throws Exception {
        String id = statusJwt("c.jwt");
        write("vp.jwt", ok("vp", "create", "--key", "agent", "--format", "jwt", "--nonce", "n-1", "--audience", "https://verifier.example",
                "c.jwt").out());
        assertEquals(0, cli.run("vc", "verify", "--allow-http-loopback", "--nonce", "n-1", "--audience", "https://verifier.example", "vp.jwt").exit(),
                "verified while the credential is active");
        revokeAndCheckAlone(id, "c.jwt");

        CliHarness.Result r = cli.run("vc", "verify", "--allow-http-loopback", "--nonce", "n-1", "--audience", "https://verifier.example", "vp.jwt");
        assertEquals(ExitCode.NEGATIVE, r.exit(), "a presentation of a revoked credential must not verify: " + r);
        assertFalse(r.json().getBoolean("verified"), r.toString());
        assertTrue(r.out().contains("CREDENTIAL_REVOKED"), r.toString());
    }

    /**
     * Attack 3b, a revoked vc+jwt as an EnvelopedVerifiableCredential inside a Data Integrity presentation:
     * the nested JWT was verified without its status. Secure: exit 1 with CREDENTIAL_REVOKED.
     */
    @Test
    void revokedJwtCredentialEnvelopedInADataIntegrityPresentationIsRefused() throws Exception {
        String id = statusJwt("c.jwt");
        write("envelope.json", Attacks.envelope("EnvelopedVerifiableCredential", "application/vc+jwt", read("c.jwt")).toString());
        write("vp.json", ok("vp", "create", "--key", "agent", "--challenge", "c-1", "envelope.json").out());
        assertEquals(0, cli.run("vc", "verify", "--allow-http-loopback", "--challenge", "c-1", "vp.json").exit(),
                "verified while the credential is active");
        revokeAndCheckAlone(id, "c.jwt");

        CliHarness.Result r = cli.run("vc", "verify", "--allow-http-loopback", "--challenge", "c-1", "vp.json");
        assertEquals(ExitCode.NEGATIVE, r.exit(), "a presentation of a revoked credential must not verify: " + r);
        assertFalse(r.json().getBoolean("verified"), r.toString());
        assertTrue(r.out().contains("CREDENTIAL_REVOKED"), r.toString());
    }

    // ------------------------------------------------------------------------------------------ 4. smaller ones

    /**
     * Attack 4a, a dc+sd-jwt signed by the attacker (iss = its DID) whose payload also says
     * {@code "issuer": <the org>}: a reader of the decoded credential sees the org. Secure: refused.
     */
    @Test
    void sdJwtVcWhoseIssuerDiffersFromIssIsRefused() throws Exception {
        KeyMaterial attacker = KeyMaterial.generate(KeyType.ED25519);
        JsonObject claims = json("{\"vct\":\"https://mandate.dev/vct/agent\",\"scopes\":[\"billing:pay\"]}");
        write("honest.sd-jwt", sdJwtVc(attacker, claims));
        assertTrue(ok("vc", "verify", "honest.sd-jwt").json().getBoolean("verified"), "the attacker may sign for itself");

        write("forged.sd-jwt", sdJwtVc(attacker, Json.createObjectBuilder(claims).add("issuer", org).build()));
        CliHarness.Result r = cli.run("vc", "verify", "forged.sd-jwt");
        assertEquals(ExitCode.NEGATIVE, r.exit(), "issuer " + org + " is not iss: " + r);
        assertFalse(r.json().getBoolean("verified"), r.toString());
    }

    /**
     * Attack 4b, a second encoding of a JWS signature: the last base64url character replaced by one that
     * differs only in the unused low bits, so the decoded signature bytes are the same. Secure: refused
     * (exit 1 or 2), the token is not the one that was signed.
     */
    @Test
    void jwsWithANonCanonicalSignatureEncodingIsRefused() throws Exception {
        write("unsigned.json", capabilityCredential(agent, "read", API + "orders/"));
        String token = ok("vc", "issue", "--key", "org", "--format", "jwt", "unsigned.json").out().strip();
        write("c.jwt", token);
        assertTrue(ok("vc", "verify", "c.jwt").json().getBoolean("verified"));

        write("same-bytes.jwt", Attacks.sameBytesSignature(token));
        CliHarness.Result r = cli.run("vc", "verify", "same-bytes.jwt");
        assertTrue(r.exit() == ExitCode.NEGATIVE || r.exit() == ExitCode.USAGE, "a non-canonical signature encoding must be refused: " + r);
        assertFalse(r.out().contains("\"verified\":true"), r.toString());
    }

    // ------------------------------------------------------------------------------------------ 5. request binding

    /**
     * Attack 5a, maxAmount bypass (high). Under {@code pay} up to 500 EUR the agent sends
     * {@code \ufeff{"amount":"100000","currency":"EUR"}} with Content-Type {@code application/JSON} and
     * {@code Mandate-Amount: 1 EUR}: {@code mandate authorize} read the header, since the body did not start
     * with '{' and the Content-Type was not lower-case json, and allowed it; a JSON backend books 100000.
     * Secure: DENY, exit 1, AMOUNT_MISMATCH, whether the proof declares no amount or 1 EUR. The same body
     * signed honestly by {@code mandate request} declares 100000 EUR and is denied as over the limit.
     */
    @Test
    void bodyAmountBehindAByteOrderMarkIsDenied() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        String did = DidKey.didFor(key.publicKey());
        String pay = "{\"action\":\"pay\",\"resource\":\"" + API + "orders/\",\"constraints\":{\"maxAmount\":\"500\",\"currency\":\"EUR\"}}";
        write("root.json", ok("cap", "grant", "--key", "org", "--subject", did, "--capability", pay, "--valid-for", "10m").out());
        List<JsonObject> chain = List.of(json(read("root.json")));
        String url = API + "orders/5";
        for (Intent intent : List.of(new Intent("pay", url), new Intent("pay", url, Amount.of("1", "EUR")))) {
            RequestSigner signer = new RequestSigner(did, DidKey.verificationMethodId(key.publicKey()), key.signer(), chain, Clock.systemUTC(), Duration.ofSeconds(30));
            byte[] body = Attacks.AMOUNT_BYPASS_BODY.getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>(Attacks.AMOUNT_BYPASS_HEADERS);
            headers.putAll(signer.headers("POST", url, body, intent));
            write("bypass-req.json", new SimpleRequest("POST", url, headers, body).toJson().toString());
            deniedWith("AMOUNT_MISMATCH", "bypass-req.json");
        }

        ok("request", "--key", "agent", "--cap", grantTo(agent, pay), "--action", "pay", "-d", Attacks.AMOUNT_BYPASS_BODY,
                "-H", "Content-Type: application/JSON", "--dry-run", "--save", "honest-req.json", url);
        deniedWith("AMOUNT_NOT_ALLOWED", "honest-req.json");
    }

    /**
     * Attack 5b, scope escape (medium). With {@code read} on {@code /orders/} only, a proof the agent signed for
     * {@code /orders/..;/admin/users}, which Tomcat and Spring read as {@code /admin/users}, was allowed. Secure:
     * DENY, exit 1, URL_NOT_CANONICAL naming the matrix parameter; {@code mandate request} refuses to sign it.
     */
    @Test
    void pathEscapeThroughAMatrixParameterIsDenied() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        String did = DidKey.didFor(key.publicKey());
        String read = "{\"action\":\"read\",\"resource\":\"" + API + "orders/\"}";
        write("root.json", ok("cap", "grant", "--key", "org", "--subject", did, "--capability", read, "--valid-for", "10m").out());
        SimpleRequest escape = Attacks.signedVerbatim(new SimpleRequest("GET", API + Attacks.PATH_ESCAPE, Map.of(), new byte[0]),
                key, did, DidKey.verificationMethodId(key.publicKey()), List.of(json(read("root.json"))), new Intent("read", API + "orders/"));
        write("escape-req.json", escape.toJson().toString());
        CliHarness.Result r = deniedWith("URL_NOT_CANONICAL", "escape-req.json");
        assertTrue(r.err().contains("matrix parameter"), r.err());

        CliHarness.Result refused = fails(ExitCode.USAGE, "request", "--key", "agent", "--cap", grantTo(agent, read), "--dry-run", API + Attacks.PATH_ESCAPE);
        assertTrue(refused.err().contains("matrix parameter"), refused.err());
    }

    /** Grants {@code subject} the capability JSON {@code capability} from the org; returns the file name. */
    private String grantTo(String subject, String capability) throws Exception {
        write("granted.json", ok("cap", "grant", "--key", "org", "--subject", subject, "--capability", capability, "--valid-for", "10m").out());
        return "granted.json";
    }

    /** {@code mandate authorize} of {@code file}: exit 1, DENY, first reason {@code code}. */
    private CliHarness.Result deniedWith(String code, String file) {
        CliHarness.Result r = cli.run("authorize", "--policy", "policy.json", file);
        assertEquals(ExitCode.NEGATIVE, r.exit(), r.toString());
        assertFalse(r.json().getBoolean("allow"), r.toString());
        assertTrue(r.err().startsWith("DENY"), r.err());
        assertEquals(code, r.json().getJsonArray("reasons").getJsonObject(0).getString("code"), r.toString());
        return r;
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** {@code vc verify ARGS}: exit 1, one line, not verified, and the reason names {@code member}. */
    private void refusedNaming(String member, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "vc";
        all[1] = "verify";
        System.arraycopy(args, 0, all, 2, args.length);
        CliHarness.Result r = cli.run(all);
        assertEquals(ExitCode.NEGATIVE, r.exit(), "a credential whose signed member was renamed " + member + " must be refused: " + r);
        assertEquals(1, r.out().lines().count(), r.toString());
        assertFalse(r.json().getBoolean("verified"), r.toString());
        assertTrue(Pattern.compile("(^|[^A-Za-z0-9])" + Pattern.quote(member) + "([^A-Za-z0-9]|$)").matcher(r.out()).find(),
                "the reason names " + member + ": " + r);
    }

    /**
     * Writes to {@code file} a vc+jwt signed by the org with a revocation entry allocated in the store (the CLI
     * adds status entries to Data Integrity credentials only), checks it verifies while active, returns its id.
     */
    private String statusJwt(String file) throws Exception {
        String id = "urn:uuid:" + UUID.randomUUID();
        List<StatusListEntry> entries;
        try (Store s = Stores.open(store)) {
            entries = lists.service(s).allocate(id, Set.of(StatusPurpose.REVOCATION));
        }
        JsonObject unsigned = StatusListIssuer.withStatus(Json.createObjectBuilder(json(capabilityCredential(agent, "read", API + "orders/")))
                .add("id", id).build(), entries);
        write("status-unsigned.json", unsigned.toString());
        write(file, ok("vc", "issue", "--key", "org", "--format", "jwt", "--valid-for", "10m", "status-unsigned.json").out().strip());
        JsonObject active = ok("vc", "verify", "--allow-http-loopback", file).json();
        assertTrue(active.getJsonArray("checks").toString().contains("status"), active.toString());
        return id;
    }

    /** Revokes {@code id}; the credential alone is then refused as revoked. */
    private void revokeAndCheckAlone(String id, String file) {
        ok("status", "revoke", id);
        CliHarness.Result alone = fails(ExitCode.NEGATIVE, "vc", "verify", "--allow-http-loopback", file);
        assertTrue(alone.out().contains("CREDENTIAL_REVOKED"), alone.toString());
    }

    /** A dc+sd-jwt of {@code claims} signed by {@code key}'s did:key. */
    private static String sdJwtVc(KeyMaterial key, JsonObject claims) throws Exception {
        return new JoseIssuer().issueSdJwtVc(claims, IssuerKey.jose(DidKey.didFor(key.publicKey()),
                DidKey.verificationMethodId(key.publicKey()), key.signer()), SdJwtOptions.disclosing(List.of()).withValidFor(Duration.ofMinutes(10)));
    }

    /** Signs a pay request for the agent with the chain in {@code cap} and saves it to {@code save} (not sent). */
    private void signRequest(String cap, String save, String body) {
        ok("request", "--key", "agent", "--cap", cap, "--action", "pay", "-d", body, "--dry-run", "--save", save, API + "orders/5");
    }

    /** An unsigned AgentCapabilityCredential for {@code subject}. */
    private static String capabilityCredential(String subject, String action, String resource) {
        return Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add(Attacks.V2).add(Attacks.AGENT_CONTEXT))
                .add("type", Json.createArrayBuilder().add("VerifiableCredential").add("AgentCapabilityCredential"))
                .add("credentialSubject", Json.createObjectBuilder().add("id", subject)
                        .add("capability", Json.createArrayBuilder().add(Json.createObjectBuilder().add("action", action).add("resource", resource))))
                .build().toString();
    }

    private static JsonObject rdfc(JsonObject vc) {
        assertEquals("eddsa-rdfc-2022", vc.getJsonObject("proof").getString("cryptosuite"), "the rename attacks need an RDFC proof");
        return vc;
    }

    private String did(String name) {
        return "did:key:" + ok("key", "generate", "--type", "Ed25519", "--name", name).json().getString("publicKeyMultibase");
    }

    private CliHarness.Result ok(String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    private CliHarness.Result fails(int code, String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(code, r.exit(), r.toString());
        return r;
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(cli.workDir.resolve(name), text);
    }

    private String read(String name) throws Exception {
        return Files.readString(cli.workDir.resolve(name)).strip();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
