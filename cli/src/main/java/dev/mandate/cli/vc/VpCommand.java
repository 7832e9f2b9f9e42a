package dev.mandate.cli.vc;

import dev.mandate.cli.CliException;
import dev.mandate.cli.ExitCode;
import dev.mandate.cli.KeyCommand;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.VersionProvider;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.proof.ProofException;
import jakarta.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code mandate vp ...}: presentations. */
@Command(name = "vp", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Create verifiable presentations.",
        subcommands = {VpCommand.Create.class},
        footerHeading = "%nExamples:%n",
        footer = {"  mandate vp create --key agent --challenge 9f2c --domain api.supplier.example signed.json"})
public final class VpCommand extends MandateSubcommand {
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (create)");
    }

    /** {@code mandate vp create}. */
    @Command(name = "create", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Wrap credentials in a presentation signed by the holder's key for a verifier's challenge",
                    "(proof purpose authentication) and print it. The verifier passes the same --challenge/--domain to 'vc verify'.",
                    "Formats: di (Data Integrity JSON, default), jwt (vp+jwt enveloping vc+jwt or SD-JWT credentials),",
                    "sd-jwt (one SD-JWT credential: only the --disclose claims, plus a key-binding JWT over --nonce and --audience)."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate vp create --key agent --challenge 9f2c signed.json",
                    "  mandate vp create --key agent --format jwt --nonce 9f2c --audience https://api.supplier.example credential.jwt",
                    "  mandate vp create --key agent --format sd-jwt --disclose /credentialSubject/capability/1 \\",
                    "      --nonce 9f2c --audience https://api.supplier.example credential.sd-jwt",
                    "  mandate vp create --key agent --challenge 9f2c --domain api.supplier.example --suite eddsa-jcs-2022 a.json b.json"})
    public static final class Create extends MandateSubcommand {
        /** {@code -o/--output FILE}. */
        @picocli.CommandLine.Mixin(name = dev.mandate.cli.OutputOption.NAME)
        dev.mandate.cli.OutputOption outputFile;

        @Option(names = "--key", required = true, paramLabel = "NAME", description = "Holder's key in the key store.")
        String key;
        @Option(names = {"--challenge", "--nonce"}, paramLabel = "C", description = "The verifier's challenge (nonce); required for di and sd-jwt.")
        String challenge;
        @Option(names = {"--domain", "--audience"}, paramLabel = "D", description = "The verifier's domain (audience); required for sd-jwt.")
        String domain;
        @Option(names = "--format", paramLabel = "FORMAT", description = "di (default), jwt or sd-jwt.")
        String format = "di";
        @Option(names = "--disclose", paramLabel = "POINTER", description = "sd-jwt: a JSON Pointer of a claim to disclose (repeatable); others stay hidden.")
        List<String> disclose = new ArrayList<>();
        @Option(names = "--suite", paramLabel = "CRYPTOSUITE", description = "Cryptosuite (default by key type).")
        String suite;
        @Option(names = "--holder", paramLabel = "DID", description = "Holder DID (default: the key's did:key).")
        String holder;
        @Parameters(arity = "1..*", paramLabel = "VC_FILE", description = "Signed credentials to include (- for stdin).")
        List<String> files;

        @Override
        public Integer call() {
            useContexts();
            dev.mandate.cli.DidArguments.optional("--holder", holder, "pass the holder's full DID, or omit --holder to use the key's did:key");
            if (!"di".equals(format)) {
                KeyMaterial km = KeyCommand.material(keyStore(), KeyCommand.load(keyStore(), key));
                Signing s = Signing.identity(km, Optional.ofNullable(holder), Optional.empty(), "--holder");
                List<String> secured = new ArrayList<>();
                for (String f : files) {
                    secured.add(Inputs.read(f, environment()).strip());
                }
                printText(JoseFormats.present(format, secured, s, Optional.ofNullable(challenge),
                        Optional.ofNullable(domain), disclose, String.join(" ", files)));
                return ExitCode.OK;
            }
            if (!disclose.isEmpty()) {
                throw CliException.usage("--disclose", "only applies to --format sd-jwt", "add --format sd-jwt or drop --disclose");
            }
            if (challenge == null) {
                throw CliException.usage("--challenge", "a Data Integrity presentation needs the verifier's challenge",
                        "pass --challenge C (the verifier gives it to you)");
            }
            List<JsonObject> vcs = new ArrayList<>();
            for (String f : files) {
                vcs.add(Inputs.readObject(f, environment()));
            }
            KeyMaterial km = KeyCommand.material(keyStore(), KeyCommand.load(keyStore(), key));
            Signing s = Signing.of(km, Optional.ofNullable(holder), Optional.empty(), Optional.ofNullable(suite), "--holder");
            try {
                printJson(domain == null ? new Issuer().present(vcs, s.issuerKey(), challenge) : new Issuer().present(vcs, s.issuerKey(), challenge, domain));
            } catch (ProofException e) {
                throw CliException.usage(String.join(" ", files), e.getMessage(), "check the credentials", e);
            }
            return ExitCode.OK;
        }
    }
}
