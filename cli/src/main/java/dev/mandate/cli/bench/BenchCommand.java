package dev.mandate.cli.bench;

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
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code mandate bench}: single-threaded throughput of the real operations, in the manner of
 * {@code openssl speed}. Each line is {@code name ops_per_s}. Sign and verify are what {@code vc issue}
 * and {@code vc verify} do minus process start and file I/O; verify resolves the did:key on every
 * call (no resolver cache) and runs every check.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Measure single-threaded throughput of signing and verifying (after warm-up).",
                "Prints one line per operation: name ops_per_s. raw_ed25519_* lines are the bare",
                "Bouncy Castle baseline measured in the same run."},
        footerHeading = "%nExamples:%n",
        footer = {"  mandate bench", "  mandate bench --seconds 5 --filter 'di_eddsa.*'",
                "  mandate bench --credential my-credential.json"})
public final class BenchCommand extends MandateSubcommand {
    /** The built-in 1 KB agent-capability credential. */
    public static final String DEFAULT_CREDENTIAL = "/dev/mandate/vc/issuer/agent-capability-credential.json";

    @Option(names = "--seconds", paramLabel = "S", description = "Measured seconds per operation (default 2; warm-up is half of it).")
    double seconds = 2;

    @Option(names = "--credential", paramLabel = "FILE", description = "Unsigned credential to use (default: a built-in 1 KB agent-capability credential).")
    String credential;

    @Option(names = "--filter", paramLabel = "REGEX", description = "Only operations whose name matches.")
    String filter;

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
        for (Operation o : operations(unsigned)) {
            if (p != null && !p.matcher(o.name()).matches()) {
                continue;
            }
            environment().out().println(o.name() + " " + Math.round(measure(o.op(), seconds)));
            environment().out().flush();
        }
        return ExitCode.OK;
    }

    /** Runs {@code op} for {@code seconds/2} to warm up, then counts operations for {@code seconds}. */
    public static double measure(Supplier<Object> op, double seconds) {
        long warm = (long) (seconds * 0.5e9);
        long end = System.nanoTime() + warm;
        Object sink = null;
        while (System.nanoTime() < end) {
            sink = op.get();
        }
        long start = System.nanoTime();
        long stop = start + (long) (seconds * 1e9);
        long n = 0;
        long now;
        do {
            sink = op.get();
            n++;
            now = System.nanoTime();
        } while (now < stop);
        if (sink == null) {
            throw new IllegalStateException("benchmark operation returned null");
        }
        return n / ((now - start) / 1e9);
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
        List<Operation> ops = new ArrayList<>();
        DidResolver uncached = CompositeResolver.builder().method("key", new DidKey(), false).cacheSize(1).build();
        Verifier verifier = Verifier.builder(new DidMethodResolver(uncached)).build();
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
        addSuite(ops, "di_eddsa_jcs_2022", "eddsa-jcs-2022", ed, unsigned, issuer, verifier);
        addSuite(ops, "di_ecdsa_rdfc_2019_p256", "ecdsa-rdfc-2019", p256, unsigned, issuer, verifier);
        addSuite(ops, "di_ecdsa_jcs_2019_p256", "ecdsa-jcs-2019", p256, unsigned, issuer, verifier);
        return ops;
    }

    private static void addSuite(List<Operation> ops, String name, String suite, KeyMaterial key, JsonObject unsigned,
                                 Issuer issuer, Verifier verifier) throws ProofException {
        String did = DidKey.didFor(key.publicKey());
        String vm = DidKey.verificationMethodId(key.publicKey());
        JsonObject forKey = Json.createObjectBuilder(unsigned).remove("issuer").build();
        Signer signer = key.signer();
        JsonObject signed = issuer.issue(forKey, did, vm, suite, Optional.of(Duration.ofHours(1)), signer);
        VerificationResult check = verifier.verify(signed, VerifyOptions.none());
        if (!check.verified()) {
            throw new IllegalStateException(name + ": the benchmark credential does not verify: " + check.toJson());
        }
        ops.add(new Operation(name + "_sign", () -> {
            try {
                return issuer.issue(forKey, did, vm, suite, Optional.of(Duration.ofHours(1)), signer);
            } catch (ProofException e) {
                throw new IllegalStateException(e);
            }
        }));
        ops.add(new Operation(name + "_verify", () -> {
            VerificationResult r = verifier.verify(signed, VerifyOptions.none());
            if (!r.verified()) {
                throw new IllegalStateException(name + " stopped verifying: " + r.toJson());
            }
            return r;
        }));
    }
}
