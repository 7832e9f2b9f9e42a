package dev.mandate.testvectors.attack;

import dev.mandate.vc.issuer.jose.SdJwtOptions;
import dev.mandate.vc.issuer.jose.PresentationOptions;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.testvectors.attack.Mutations.Mutation;
import dev.mandate.testvectors.attack.Mutations.Target;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.jose.JoseIssuer;
import dev.mandate.vc.issuer.status.StatusListIssuer;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.status.StatusBitstring;
import dev.mandate.vc.status.StatusListEntry;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verifier.status.FetchedList;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verifier.status.StatusFetchException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static dev.mandate.testvectors.attack.Mutations.JSON;

/**
 * The signed inputs of {@link ProofPreservingMutationTest}, built once per class: an agent capability
 * credential (validUntil, delegationDepth, a BitstringStatusListEntry) secured in every format, inside every
 * presentation form, active and revoked; the in-memory status lists; and the two verifiers. Each input knows
 * how to apply a {@link Mutation} to itself, re-signing as the holder where the holder is the attacker.
 */
final class MutationInputs {
    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    static final Clock ISSUED = Clock.fixed(NOW.minus(Duration.ofHours(1)), ZoneOffset.UTC);
    static final Duration VALID_FOR = Duration.ofDays(30);
    static final String CHALLENGE = "mutation-challenge-7d1e";
    static final String DOMAIN = "verifier.mandate.test";
    static final long ACTIVE_INDEX = 7;
    static final long REVOKED_INDEX = 42;

    static final Issuer ISSUER = new Issuer(ISSUED);
    static final JoseIssuer JOSE = new JoseIssuer(ISSUED);

    /** A did:key party. */
    record Party(KeyMaterial key, String did, String vm) {
        static Party of(KeyType type) {
            KeyMaterial k = KeyMaterial.generate(type);
            String mk = k.publicKey().toMultikey();
            return new Party(k, "did:key:" + mk, "did:key:" + mk + "#" + mk);
        }
    }

    final Party org = Party.of(KeyType.ED25519);
    final Party orgP256 = Party.of(KeyType.P256);
    final Party holder = Party.of(KeyType.ED25519);
    final Party attacker = Party.of(KeyType.ED25519);

    /** Status list URL → signed list credential (served by the in-memory fetcher; never resolved). */
    final Map<String, byte[]> lists = new ConcurrentHashMap<>();
    final Verifier ignoringStatus;
    final Verifier checkingStatus;

    final List<Input> inputs = new ArrayList<>();
    final List<Mutation> mutations;

    MutationInputs() {
        try {
            publishList(org, "eddsa-jcs-2022");
            publishList(orgP256, "ecdsa-jcs-2019");
            var resolver = new DidMethodResolver(DidResolvers.offline());
            Clock at = Clock.fixed(NOW, ZoneOffset.UTC);
            ignoringStatus = Verifier.builder(resolver).clock(at).ignoreCredentialStatus().build();
            StatusChecker checker = StatusChecker.builder().fetcher(url -> {
                byte[] body = lists.get(url);
                if (body == null) throw new StatusFetchException("no status list at " + url);
                return FetchedList.of(body);
            }).build();
            checkingStatus = Verifier.builder(resolver).clock(at).statusChecker(checker).build();
            mutations = Mutations.all(attacker.did());
            build(false);
            build(true);
        } catch (ProofException | JoseException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String listUrl(Party issuer) {
        return "https://status.mandate.test/lists/" + issuer.did().substring(issuer.did().length() - 8);
    }

    private void publishList(Party issuer, String suite) throws ProofException {
        StatusBitstring bits = StatusBitstring.zeros(StatusBitstring.MIN_ENTRIES, 1);
        bits.set((int) REVOKED_INDEX, 1);
        JsonObject list = new StatusListIssuer(ISSUER).sign(listUrl(issuer), StatusPurpose.REVOCATION, bits,
                new IssuerKey(issuer.did(), issuer.vm(), suite, issuer.key().signer()));
        lists.put(listUrl(issuer), list.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The unsigned agent capability credential of vc-issuer's sample, with delegationDepth and a status entry. */
    static JsonObject unsigned(Party issuer, boolean revoked) throws IOException, ProofException {
        JsonObject sample;
        try (InputStream in = Issuer.class.getResourceAsStream("/dev/mandate/vc/issuer/agent-capability-credential.json")) {
            sample = JSON.createReader(in).readObject();
        }
        JsonObject subject = JSON.createObjectBuilder(sample.getJsonObject("credentialSubject")).add("delegationDepth", 2).build();
        JsonObject vc = JSON.createObjectBuilder(sample).add("credentialSubject", subject).build();
        return StatusListIssuer.withStatus(vc, List.of(StatusListEntry.of(StatusPurpose.REVOCATION, listUrl(issuer),
                revoked ? REVOKED_INDEX : ACTIVE_INDEX)));
    }

    private void build(boolean revoked) throws IOException, ProofException, JoseException {
        String tag = revoked ? "revoked " : "";
        JsonObject ed = unsigned(org, revoked);
        JsonObject p256 = unsigned(orgP256, revoked);
        var rdfc = new DiCredential(tag + "di eddsa-rdfc-2022", revoked,
                ISSUER.issue(ed, new IssuerKey(org.did(), org.vm(), "eddsa-rdfc-2022", org.key().signer()), VALID_FOR));
        var ecRdfc = new DiCredential(tag + "di ecdsa-rdfc-2019", revoked,
                ISSUER.issue(p256, new IssuerKey(orgP256.did(), orgP256.vm(), "ecdsa-rdfc-2019", orgP256.key().signer()), VALID_FOR));
        var jcs = new DiCredential(tag + "di eddsa-jcs-2022", revoked,
                ISSUER.issue(ed, new IssuerKey(org.did(), org.vm(), "eddsa-jcs-2022", org.key().signer()), VALID_FOR));
        var jwt = new CompactCredential(tag + "vc+jwt", revoked, Form.VC_JWT,
                JOSE.issueJwt(ed, IssuerKey.jose(org.did(), org.vm(), org.key().signer()), VALID_FOR));
        var jwt11 = new CompactCredential(tag + "vc-jwt-1.1", revoked, Form.VC_JWT_11,
                JOSE.issueJwt11(ed, IssuerKey.jose(org.did(), org.vm(), org.key().signer()), VALID_FOR));
        var sdJwt = new CompactCredential(tag + "vc+sd-jwt", revoked, Form.SD_JWT,
                JOSE.issueSdJwt(ed, IssuerKey.jose(org.did(), org.vm(), org.key().signer()), SdJwtOptions.disclosing(List.of("/name",
                        "/description", "/credentialSubject/owner", "/credentialSubject/purpose", "/credentialSubject/workload"))
                        .withValidFor(VALID_FOR)));
        var envJwt = new EnvelopeCredential(tag + "enveloped vc+jwt", jwt);
        var envSd = new EnvelopeCredential(tag + "enveloped vc+sd-jwt", sdJwt);
        inputs.addAll(List.of(rdfc, ecRdfc, jcs));
        if (!revoked) {
            var ecJcs = new DiCredential("di ecdsa-jcs-2019", false,
                    ISSUER.issue(p256, new IssuerKey(orgP256.did(), orgP256.vm(), "ecdsa-jcs-2019", orgP256.key().signer()), VALID_FOR));
            inputs.add(ecJcs);
        }
        inputs.addAll(List.of(jwt, jwt11, sdJwt, envJwt, envSd));
        // Presentations: in the revoked set only the targeted credential is revoked, the others are active ones.
        DiCredential diActive = revoked ? (DiCredential) find("di eddsa-rdfc-2022") : rdfc;
        EnvelopeCredential envActive = revoked ? (EnvelopeCredential) find("enveloped vc+jwt") : envJwt;
        EnvelopeCredential envSdActive = revoked ? (EnvelopeCredential) find("enveloped vc+sd-jwt") : envSd;
        inputs.add(new DiPresentation(tag + "di VP (eddsa-jcs-2022) > [*di eddsa-rdfc-2022, enveloped vc+jwt]",
                List.of(rdfc, envActive), 0, "eddsa-jcs-2022"));
        inputs.add(new DiPresentation(tag + "di VP (eddsa-jcs-2022) > [di eddsa-rdfc-2022, *enveloped vc+jwt]",
                List.of(diActive, envJwt), 1, "eddsa-jcs-2022"));
        inputs.add(new JwtPresentation(tag + "vp+jwt > [*enveloped vc+jwt, enveloped vc+sd-jwt]", List.of(envJwt, envSdActive), 0));
        inputs.add(new JwtPresentation(tag + "vp+jwt > [enveloped vc+jwt, *enveloped vc+sd-jwt]", List.of(envActive, envSd), 1));
        inputs.add(new JwtPresentation(tag + "vp+jwt > [*di eddsa-rdfc-2022]", List.of(rdfc), 0));
        if (!revoked) {
            // Presentation-level rewrites (no re-signing): an RDFC-secured VP, whose graph survives aliasing.
            inputs.add(new DiPresentation("di VP (eddsa-rdfc-2022) itself > [di eddsa-rdfc-2022, enveloped vc+jwt]",
                    List.of(rdfc, envJwt), -1, "eddsa-rdfc-2022"));
            inputs.add(new JwtPresentation("vp+jwt itself > [enveloped vc+jwt, enveloped vc+sd-jwt]", List.of(envJwt, envSd), -1));
        }
    }

    Input find(String name) {
        return inputs.stream().filter(i -> i.name.equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(name));
    }

    // ============================================================================================ inputs

    /** A mutated input: how to build it, and whether it necessarily carries a stale signature. */
    record Mutant(Supplier<Object> secured, boolean staleSignature) {}

    enum Form { VC_JWT, VC_JWT_11, SD_JWT }

    /** One signed input. */
    abstract class Input {
        final String name;
        final boolean revoked;
        private volatile Object original;

        Input(String name, boolean revoked) {
            this.name = name;
            this.revoked = revoked;
        }

        /** What the verifier is given: a JsonObject or a String. */
        final Object original() {
            Object o = original;
            if (o == null) {
                o = sign();
                original = o;
            }
            return o;
        }

        abstract Object sign();

        boolean presentation() { return false; }

        /** Applies {@code m}; empty when it does not apply to this input (or changes nothing). */
        abstract Optional<Mutant> mutate(Mutation m);

        Verifier verifier() { return revoked ? checkingStatus : ignoringStatus; }

        VerifyOptions options() {
            return presentation() ? VerifyOptions.none().withChallenge(CHALLENGE).withDomain(DOMAIN) : VerifyOptions.none();
        }

        @Override
        public String toString() { return name; }
    }

    final class DiCredential extends Input {
        private final JsonObject doc;

        DiCredential(String name, boolean revoked, JsonObject doc) {
            super(name, revoked);
            this.doc = doc;
        }

        @Override Object sign() { return doc; }

        @Override
        Optional<Mutant> mutate(Mutation m) {
            return switch (m.target()) {
                case CREDENTIAL -> changed(doc, m.json().apply(doc)).map(r -> new Mutant(() -> r, false));
                case TEXT -> m.text().apply(doc.toString()).map(t -> new Mutant(() -> t, false));
                default -> Optional.empty();
            };
        }
    }

    /** vc+jwt, VC-JWT 1.1 or vc+sd-jwt: JSON rewrites go into the signed payload, so the signature goes stale. */
    final class CompactCredential extends Input {
        final Form form;
        final String compact;

        CompactCredential(String name, boolean revoked, Form form, String compact) {
            super(name, revoked);
            this.form = form;
            this.compact = compact;
        }

        @Override Object sign() { return compact; }

        @Override
        Optional<Mutant> mutate(Mutation m) {
            if (m.target() == Target.SD_JWT && form == Form.SD_JWT) {
                return m.text().apply(compact).map(t -> new Mutant(() -> t, false));
            }
            if (m.target() != Target.CREDENTIAL) {
                return Optional.empty();
            }
            return rewritePayload(compact, form == Form.VC_JWT_11 ? "vc" : null, m).map(t -> new Mutant(() -> t, true));
        }
    }

    /** An EnvelopedVerifiableCredential around a compact credential. */
    final class EnvelopeCredential extends Input {
        final CompactCredential inner;
        final JsonObject envelope;

        EnvelopeCredential(String name, CompactCredential inner) throws JoseException {
            super(name, inner.revoked);
            this.inner = inner;
            this.envelope = JoseIssuer.envelope(inner.compact);
        }

        @Override Object sign() { return envelope; }

        @Override
        Optional<Mutant> mutate(Mutation m) {
            return switch (m.target()) {
                case ENVELOPE -> changed(envelope, m.json().apply(envelope)).map(r -> new Mutant(() -> r, false));
                case TEXT -> m.text().apply(envelope.toString()).map(t -> new Mutant(() -> t, false));
                case CREDENTIAL, SD_JWT -> inner.mutate(m).map(im -> new Mutant(() -> rewrap((String) im.secured().get()), im.staleSignature()));
                default -> Optional.empty();
            };
        }

        private JsonObject rewrap(String compact) {
            try {
                return JoseIssuer.envelope(compact);
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A Data Integrity presentation signed by the holder; with a target, the holder rewrites that credential and re-signs. */
    final class DiPresentation extends Input {
        final List<Input> items;
        final int target;
        final String suite;

        DiPresentation(String name, List<Input> items, int target, String suite) {
            super(name, items.stream().anyMatch(i -> i.revoked));
            this.items = items;
            this.target = target;
            this.suite = suite;
        }

        @Override boolean presentation() { return true; }

        @Override
        Object sign() {
            return present(items.stream().map(i -> (JsonObject) i.original()).toList());
        }

        private JsonObject present(List<JsonObject> credentials) {
            try {
                return ISSUER.present(credentials, new IssuerKey(holder.did(), holder.vm(), suite, holder.key().signer()), CHALLENGE, DOMAIN);
            } catch (ProofException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        Optional<Mutant> mutate(Mutation m) {
            if (target < 0) {
                if (m.target() != Target.PRESENTATION) return Optional.empty();
                JsonObject vp = (JsonObject) original();
                return changed(vp, m.json().apply(vp)).map(r -> new Mutant(() -> r, false));
            }
            if (m.target() == Target.TEXT || m.target() == Target.PRESENTATION) return Optional.empty();
            return items.get(target).mutate(m).map(im -> new Mutant(() -> {
                List<JsonObject> creds = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    creds.add((JsonObject) (i == target ? im.secured().get() : items.get(i).original()));
                }
                return present(creds);
            }, im.staleSignature()));
        }
    }

    /** A vp+jwt signed by the holder; with a target, the holder rewrites that credential and re-signs. */
    final class JwtPresentation extends Input {
        final List<Input> items;
        final int target;

        JwtPresentation(String name, List<Input> items, int target) {
            super(name, items.stream().anyMatch(i -> i.revoked));
            this.items = items;
            this.target = target;
        }

        @Override boolean presentation() { return true; }

        @Override
        Object sign() {
            return present(items.stream().map(i -> (JsonValue) i.original()).toList());
        }

        private String present(List<JsonValue> credentials) {
            JsonArrayBuilder vcs = JSON.createArrayBuilder();
            credentials.forEach(vcs::add);
            JsonObject vp = JSON.createObjectBuilder()
                    .add("@context", JSON.createArrayBuilder().add(Issuer.CREDENTIALS_V2))
                    .add("id", "urn:uuid:9b0f6c1e-8f0e-4b6a-a7d4-1c5e7f3a2b90")
                    .add("type", JSON.createArrayBuilder().add("VerifiablePresentation"))
                    .add("holder", holder.did())
                    .add("verifiableCredential", vcs)
                    .build();
            try {
                return JOSE.presentJwt(vp, IssuerKey.jose(holder.did(), holder.vm(), holder.key().signer()), PresentationOptions.of(CHALLENGE, DOMAIN));
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        Optional<Mutant> mutate(Mutation m) {
            if (target < 0) {
                if (m.target() != Target.PRESENTATION) return Optional.empty();
                return rewritePayload((String) original(), null, m).map(t -> new Mutant(() -> t, true));
            }
            if (m.target() == Target.TEXT || m.target() == Target.PRESENTATION) return Optional.empty();
            return items.get(target).mutate(m).map(im -> new Mutant(() -> {
                List<JsonValue> creds = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    creds.add((JsonValue) (i == target ? im.secured().get() : items.get(i).original()));
                }
                return present(creds);
            }, im.staleSignature()));
        }
    }

    // ============================================================================================ helpers

    /** The rewrite, unless it does not apply or leaves the serialization unchanged. */
    static Optional<JsonObject> changed(JsonObject before, Optional<JsonObject> after) {
        return after.filter(a -> !a.toString().equals(before.toString()));
    }

    /**
     * Applies a JSON rewrite to the payload of a compact JWS (or the issuer-signed JWT of an SD-JWT), at
     * {@code member} of the payload when given (VC-JWT 1.1 {@code vc}), and keeps the original signature.
     */
    static Optional<String> rewritePayload(String compact, String member, Mutation m) {
        int tilde = compact.indexOf('~');
        String jwt = tilde < 0 ? compact : compact.substring(0, tilde);
        String rest = tilde < 0 ? "" : compact.substring(tilde);
        String[] parts = jwt.split("\\.");
        JsonObject payload = JSON.createReader(new StringReader(new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8))).readObject();
        JsonObject target = member == null ? payload : payload.getJsonObject(member);
        Optional<JsonObject> rewritten = changed(target, m.json().apply(target));
        return rewritten.map(r -> {
            JsonObject p = member == null ? r : JSON.createObjectBuilder(payload).add(member, r).build();
            String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(p.toString().getBytes(StandardCharsets.UTF_8));
            return parts[0] + "." + encoded + "." + parts[2] + rest;
        });
    }
}
