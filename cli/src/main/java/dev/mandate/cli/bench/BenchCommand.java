package dev.mandate.cli.bench;

import dev.mandate.vc.issuer.jose.SdJwtOptions;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.spi.JsonProvider;
import dev.mandate.cli.ExitCode;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.VersionProvider;
import dev.mandate.cli.vc.Inputs;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.SignatureVerifier;
import dev.mandate.did.crypto.Signer;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.CompositeResolver;
import dev.mandate.did.resolve.DidResolver;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.jose.JoseIssuer;
import dev.mandate.vc.issuer.jose.SdJwtHolder;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.VerificationResult;
import dev.mandate.vc.json.JsonPointers;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code mandate bench}: single-threaded throughput of the real operations, in the manner of
 * {@code openssl speed}. Each line is {@code name ops_per_s}. Sign and verify are what {@code vc issue}
 * and {@code vc verify} do minus process start and file I/O; verify resolves the did:key through the
 * resolver {@code vc verify} uses (with its bounded cache) and runs every check; the {@code *_verify_cold}
 * lines resolve the did:key from scratch on every call.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Measure single-threaded throughput of signing and verifying (after warm-up).",
                "Prints one line per operation: name ops_per_s. raw_ed25519_* lines are the bare",
                "Bouncy Castle baseline measured in the same run."},
        footerHeading = "%nExamples:%n",
        footer = {"  mandate bench", "  mandate bench --seconds 5 --filter 'di_eddsa.*'",
                "  mandate bench --credential my-credential.json"})
public final class BenchCommand extends MandateSubcommand {
    /** The JSON-P provider, looked up once ({@code Json.createX} looks it up on every call, which is slow). */
    private static final JsonProvider JSON = Jsonp.PROVIDER;

    /** The built-in 1 KB agent-capability credential. */
    public static final String DEFAULT_CREDENTIAL = "/dev/mandate/vc/issuer/agent-capability-credential.json";

    /** Measured rounds per operation; the median is printed. */
    static final int ROUNDS = 5;

    @Option(names = "--seconds", paramLabel = "S", description = "Measured seconds per operation (default 2, in 5 rounds whose median is printed; warm-up is half of it).")
    double seconds = 2;

    @Option(names = "--credential", paramLabel = "FILE", description = "Unsigned credential to use (default: a built-in 1 KB agent-capability credential).")
    String credential;

    @Option(names = "--filter", paramLabel = "REGEX", description = "Only operations whose name matches.")
    String filter;

    @Option(names = "--json", description = {"Print one JSON document at the end instead of a line per operation:",
            "{\"seconds\", \"rounds\", \"java\", \"results\": [{\"operation\", \"opsPerSecond\"}], \"skipped\": {name: reason}}."})
    boolean json;

    /** One benchmark: a name and an operation that returns something (so it cannot be optimized away). */
    public record Operation(String name, Supplier<Object> op) {
    }

    @Override
    public Integer call() throws ProofException {
        if (!(seconds > 0 && seconds <= 600)) {
            throw dev.mandate.cli.CliException.usage("--seconds " + seconds, "out of range", "use a value between 0 and 600");
        }
        JsonObject unsigned = credential == null ? builtIn() : Inputs.readObject(credential, environment());
        Pattern p = filter == null ? null : Pattern.compile(filter);
        Map<String, String> skipped = new LinkedHashMap<>();
        List<Operation> ops;
        try {
            ops = operations(unsigned, skipped);
        } catch (ProofException | RuntimeException e) {
            throw unusable(e, "cannot be signed");
        }
        var results = dev.mandate.vc.json.Jsonp.PROVIDER.createArrayBuilder();
        var skippedJson = dev.mandate.vc.json.Jsonp.PROVIDER.createObjectBuilder();
        skipped.forEach((name, why) -> {
            if (p == null || p.matcher(name).matches()) {
                note("mandate bench: " + name + " skipped: " + why);
                skippedJson.add(name, why);
            }
        });
        for (Operation o : ops) {
            if (p != null && !p.matcher(o.name()).matches()) {
                continue;
            }
            double rate;
            try {
                rate = measure(o.op(), seconds);
            } catch (RuntimeException e) {
                throw unusable(e, o.name() + " failed");
            }
            if (json) {
                results.add(dev.mandate.vc.json.Jsonp.PROVIDER.createObjectBuilder().add("operation", o.name()).add("opsPerSecond", Math.round(rate)));
            } else {
                environment().out().println(o.name() + " " + Math.round(rate));
                environment().out().flush();
            }
        }
        if (json) {
            printJson(dev.mandate.vc.json.Jsonp.PROVIDER.createObjectBuilder().add("seconds", seconds).add("rounds", ROUNDS)
                    .add("java", System.getProperty("java.version", "")).add("results", results).add("skipped", skippedJson).build());
        }
        return ExitCode.OK;
    }

    /**
     * A failure with the user's {@code --credential}: the usual one-line usage error. With the built-in
     * credential it is a bug, and stays an internal error.
     */
    private RuntimeException unusable(Exception e, String what) {
        if (credential == null) {
            return e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        Throwable cause = e instanceof IllegalStateException && e.getCause() != null ? e.getCause() : e;
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return dev.mandate.cli.CliException.usage(credential, "the credential " + what + " for the benchmark: " + why,
                "pass an unsigned credential that 'mandate vc issue' accepts", e);
    }

    /**
     * Runs {@code op} for {@code seconds/2} to warm up, then measures {@link #ROUNDS} rounds of
     * {@code seconds/ROUNDS} each and returns the median rate (ops/s): a shared, noisy machine moves a
     * single round a lot.
     */
    public static double measure(Supplier<Object> op, double seconds) {
        Object sink = null;
        long end = System.nanoTime() + (long) (seconds * 0.5e9);
        while (System.nanoTime() < end) {
            sink = op.get();
        }
        double[] rates = new double[ROUNDS];
        long roundNanos = (long) (seconds * 1e9 / ROUNDS);
        for (int r = 0; r < ROUNDS; r++) {
            long start = System.nanoTime();
            long stop = start + roundNanos;
            long n = 0;
            long now;
            do {
                sink = op.get();
                n++;
                now = System.nanoTime();
            } while (now < stop);
            rates[r] = n / ((now - start) / 1e9);
        }
        if (sink == null) {
            throw new IllegalStateException("benchmark operation returned null");
        }
        java.util.Arrays.sort(rates);
        return rates[ROUNDS / 2];
    }

    public static JsonObject builtIn() {
        try (InputStream in = BenchCommand.class.getResourceAsStream(DEFAULT_CREDENTIAL)) {
            return BoundedJson.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | dev.mandate.vc.json.JsonInputException e) {
            throw new IllegalStateException("built-in credential missing from the jar", e);
        }
    }

    /** The operations measured, in order. */
    public static List<Operation> operations(JsonObject unsigned) throws ProofException {
        return operations(unsigned, new LinkedHashMap<>());
    }

    /**
     * The operations measured, in order; an operation the credential cannot take part in is left out, with
     * the reason put in {@code skipped} under its name.
     */
    public static List<Operation> operations(JsonObject unsigned, Map<String, String> skipped) throws ProofException {
        List<Operation> ops = new ArrayList<>();
        DidResolver uncached = CompositeResolver.builder().method("key", new DidKey(), false).build();
        // verify lines use the resolver `vc verify` and the server use (did:key results cached, bounded);
        // the *_verify_cold lines resolve the did:key from scratch on every call
        Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).build();
        Verifier cold = Verifier.builder(new DidMethodResolver(uncached)).build();
        Issuer issuer = new Issuer();

        KeyMaterial ed = KeyMaterial.generate(KeyType.ED25519);
        KeyMaterial p256 = KeyMaterial.generate(KeyType.P256);
        String edDid = DidKey.didFor(ed.publicKey());
        String p256Did = DidKey.didFor(p256.publicKey());
        ops.add(new Operation("did_key_resolve_ed25519", () -> uncached.resolve(edDid)));
        ops.add(new Operation("did_key_resolve_p256", () -> uncached.resolve(p256Did)));

        byte[] msg = new byte[64];
        Signer edSigner = ed.signer();
        SignatureVerifier edVerifier = ed.publicKey().verifier();
        byte[] edSig = edSigner.sign(msg);
        ops.add(new Operation("raw_ed25519_sign", () -> edSigner.sign(msg)));
        ops.add(new Operation("raw_ed25519_verify", () -> edVerifier.verify(msg, edSig)));

        addSuite(ops, "di_eddsa_rdfc_2022", "eddsa-rdfc-2022", ed, unsigned, issuer, verifier);
        addColdVerify(ops, "di_eddsa_rdfc_2022_verify_cold", "eddsa-rdfc-2022", ed, unsigned, issuer, cold);
        addSuite(ops, "di_eddsa_jcs_2022", "eddsa-jcs-2022", ed, unsigned, issuer, verifier);
        addSuite(ops, "di_ecdsa_rdfc_2019_p256", "ecdsa-rdfc-2019", p256, unsigned, issuer, verifier);
        addSuite(ops, "di_ecdsa_jcs_2019_p256", "ecdsa-jcs-2019", p256, unsigned, issuer, verifier);
        addJose(ops, "jose_eddsa_jwt", ed, unsigned, verifier);
        String coldJwt;
        try {
            coldJwt = new JoseIssuer().issueJwt(JSON.createObjectBuilder(unsigned).remove("issuer").build(), IssuerKey.jose(edDid, DidKey.verificationMethodId(ed.publicKey()), ed.signer()), Duration.ofHours(1));
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
        ops.add(new Operation("jose_eddsa_jwt_verify_cold", () -> mustVerify("jose_eddsa_jwt_verify_cold", cold.verify(coldJwt, VerifyOptions.none()))));
        addJose(ops, "jose_es256_jwt", p256, unsigned, verifier);
        addSdJwt(ops, ed, unsigned, verifier, skipped);
        return ops;
    }

    private static void addColdVerify(List<Operation> ops, String name, String suite, KeyMaterial key, JsonObject unsigned,
                                      Issuer issuer, Verifier cold) throws ProofException {
        JsonObject signed = issuer.issue(JSON.createObjectBuilder(unsigned).remove("issuer").build(), new IssuerKey(DidKey.didFor(key.publicKey()), DidKey.verificationMethodId(key.publicKey()), suite, key.signer()), Duration.ofHours(1));
        ops.add(new Operation(name, () -> mustVerify(name, cold.verify(signed, VerifyOptions.none()))));
    }

    private static void addJose(List<Operation> ops, String name, KeyMaterial key, JsonObject unsigned, Verifier verifier) {
        JoseIssuer jose = new JoseIssuer();
        String did = DidKey.didFor(key.publicKey());
        String kid = DidKey.verificationMethodId(key.publicKey());
        JsonObject forKey = JSON.createObjectBuilder(unsigned).remove("issuer").build();
        Supplier<Object> sign = () -> {
            try {
                return jose.issueJwt(forKey, IssuerKey.jose(did, kid, key.signer()), Duration.ofHours(1));
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        };
        String jwt = (String) sign.get();
        ops.add(new Operation(name + "_sign", sign));
        ops.add(new Operation(name + "_verify", () -> mustVerify(name, verifier.verify(jwt, VerifyOptions.none()))));
    }

    static final String SD_JWT = "sd_jwt_present_verify";

    /**
     * The holder discloses one claim of the credential's subject with key binding; the verifier checks it all.
     * Up to five of the subject's claims are made selectively disclosable ({@link #disclosable}); for the
     * built-in credential these are its two capabilities, owner, purpose and workload, and the first capability
     * is disclosed. A credential whose subject has no claim to disclose leaves the operation out.
     */
    private static void addSdJwt(List<Operation> ops, KeyMaterial issuerKey, JsonObject unsigned, Verifier verifier,
                                 Map<String, String> skipped) {
        KeyMaterial holderKey = KeyMaterial.generate(KeyType.ED25519);
        String holderDid = DidKey.didFor(holderKey.publicKey());
        JsonValue subjects = unsigned.get("credentialSubject");
        JsonObject subject;
        String at;
        JsonValue boundSubjects;
        if (subjects instanceof JsonObject one) {
            subject = JSON.createObjectBuilder(one).add("id", holderDid).build();
            at = "/credentialSubject";
            boundSubjects = subject;
        } else if (subjects instanceof JsonArray many && !many.isEmpty() && many.get(0) instanceof JsonObject first) {
            subject = JSON.createObjectBuilder(first).add("id", holderDid).build();
            at = "/credentialSubject/0";
            JsonArrayBuilder b = JSON.createArrayBuilder().add(subject);
            many.stream().skip(1).forEach(b::add);
            boundSubjects = b.build();
        } else {
            skipped.put(SD_JWT, "the credential has no credentialSubject object whose claims could be disclosed");
            return;
        }
        List<String> pointers = disclosable(subject, at);
        if (pointers.isEmpty()) {
            skipped.put(SD_JWT, "the credential subject has no claim besides id and type to disclose selectively");
            return;
        }
        List<String> disclose = List.of(pointers.get(0));
        JsonObject bound = JSON.createObjectBuilder(unsigned).remove("issuer").add("credentialSubject", boundSubjects).build();
        SdJwtHolder holder = new SdJwtHolder();
        VerifyOptions kb = VerifyOptions.none().withChallenge("bench-nonce").withDomain("https://partner.example");
        String sdJwt;
        try {
            sdJwt = new JoseIssuer().issueSdJwt(bound, IssuerKey.jose(DidKey.didFor(issuerKey.publicKey()),
                    DidKey.verificationMethodId(issuerKey.publicKey()), issuerKey.signer()),
                    SdJwtOptions.disclosing(pointers).withValidFor(Duration.ofHours(1)).withHolderKey(holderKey.publicKey()));
            VerificationResult check = verifier.verify(holder.present(sdJwt, disclose, "bench-nonce", "https://partner.example",
                    holderKey.signer()), kb);
            if (!check.verified()) {
                skipped.put(SD_JWT, "the SD-JWT made of the credential does not verify: " + check.toJson());
                return;
            }
        } catch (JoseException e) {
            skipped.put(SD_JWT, "the credential cannot be issued as an SD-JWT: " + e.getMessage());
            return;
        }
        ops.add(new Operation(SD_JWT, () -> {
            try {
                String presented = holder.present(sdJwt, disclose, "bench-nonce", "https://partner.example", holderKey.signer());
                return mustVerify(SD_JWT, verifier.verify(presented, kb));
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    /**
     * Up to five claims of {@code subject} (at JSON Pointer {@code at}) to make selectively disclosable: the
     * first two elements of each array claim first, then the other claims; never {@code id} (the holder
     * binding) or {@code type}.
     */
    static List<String> disclosable(JsonObject subject, String at) {
        List<String> elements = new ArrayList<>();
        List<String> claims = new ArrayList<>();
        for (Map.Entry<String, JsonValue> e : subject.entrySet()) {
            if (e.getKey().equals("id") || e.getKey().equals("type")) {
                continue;
            }
            String ptr = JsonPointers.child(at, e.getKey());
            if (e.getValue() instanceof JsonArray a && !a.isEmpty()) {
                for (int i = 0; i < Math.min(2, a.size()); i++) {
                    elements.add(JsonPointers.index(ptr, i));
                }
            } else {
                claims.add(ptr);
            }
        }
        elements.addAll(claims);
        return List.copyOf(elements.subList(0, Math.min(5, elements.size())));
    }

    private static VerificationResult mustVerify(String name, VerificationResult r) {
        if (!r.verified()) {
            throw new IllegalStateException(name + " does not verify: " + r.toJson());
        }
        return r;
    }

    private static void addSuite(List<Operation> ops, String name, String suite, KeyMaterial key, JsonObject unsigned,
                                 Issuer issuer, Verifier verifier) throws ProofException {
        String did = DidKey.didFor(key.publicKey());
        String vm = DidKey.verificationMethodId(key.publicKey());
        JsonObject forKey = JSON.createObjectBuilder(unsigned).remove("issuer").build();
        Signer signer = key.signer();
        JsonObject signed = issuer.issue(forKey, new IssuerKey(did, vm, suite, signer), Duration.ofHours(1));
        VerificationResult check = verifier.verify(signed, VerifyOptions.none());
        if (!check.verified()) {
            throw new IllegalStateException(name + ": the benchmark credential does not verify: " + check.toJson());
        }
        ops.add(new Operation(name + "_sign", () -> {
            try {
                return issuer.issue(forKey, new IssuerKey(did, vm, suite, signer), Duration.ofHours(1));
            } catch (ProofException e) {
                throw new IllegalStateException(e);
            }
        }));
        ops.add(new Operation(name + "_verify", () -> mustVerify(name, verifier.verify(signed, VerifyOptions.none()))));
    }
}
