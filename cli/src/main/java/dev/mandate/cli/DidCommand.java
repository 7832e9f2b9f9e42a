package dev.mandate.cli;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.spi.JsonProvider;
import dev.mandate.did.DidSyntaxException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.jwk.DidJwk;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.keystore.StoredKey;
import dev.mandate.did.resolve.DereferenceResult;
import dev.mandate.did.resolve.DidResolver;
import dev.mandate.did.resolve.ErrorCode;
import dev.mandate.did.resolve.ResolutionResult;
import dev.mandate.did.web.DidWeb;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mandate did ...}: create and resolve DIDs. */
@Command(name = "did", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Create the DID of a stored key (did:key, did:jwk, did:web) and resolve DIDs and DID URLs.",
        subcommands = {DidCommand.Create.class, DidCommand.Resolve.class},
        footerHeading = "%nExamples:%n",
        footer = {"  mandate did create --key agent --method key",
                "  mandate did create --key org --method web --url https://example.com --out did.json",
                "  mandate did resolve did:web:example.com"})
public final class DidCommand extends MandateSubcommand {
    /** The JSON-P provider, looked up once ({@code Json.createX} looks it up on every call, which is slow). */
    private static final JsonProvider JSON = Jsonp.PROVIDER;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (create, resolve)");
    }

    /** The DID methods {@code did create} knows. */
    enum Method { key, jwk, web }

    /** {@code mandate did create}. */
    @Command(name = "create", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Print the DID of a stored key as JSON: {\"did\": ..., \"method\": ..., \"key\": ...}.",
                    "For did:web, also write the DID document (did.json) to host at the printed didDocumentUrl."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate did create --key agent --method key",
                    "  mandate did create --key agent --method jwk",
                    "  AGENT=$(mandate did create --key agent --method key --plain)",
                    "  mandate did create --key org --method web --url https://example.com",
                    "  mandate did create --key org --method web --url https://example.com:8443/agents/a1 --out site/agents/a1/did.json"})
    public static final class Create extends MandateSubcommand {
        @Option(names = "--key", required = true, paramLabel = "NAME", description = "The stored key.")
        String key;

        @Option(names = "--method", required = true, paramLabel = "METHOD", description = "key, jwk or web.")
        Method method;

        @Option(names = "--url", paramLabel = "URL",
                description = "For did:web: where the document will be hosted, https://host[:port][/path].")
        String url;

        @Option(names = "--out", paramLabel = "FILE",
                description = "Write the DID document to FILE (did:web default: ./did.json).")
        Path out;

        @Option(names = "--plain", description = "Print only the DID, as text, for a shell variable: AGENT=$(mandate did create --key agent --method key --plain).")
        boolean plain;

        @Override
        public Integer call() {
            String did = null;
            if (method == Method.web) {
                if (url == null) {
                    throw CliException.usage("--method web", "needs --url", "give --url https://host[:port][/path] where did.json will be hosted");
                }
                try {
                    did = DidWeb.didFor(url);
                } catch (DidSyntaxException e) {
                    throw CliException.usage("--url " + CliException.shorten(url), e.getMessage(),
                            "give an https URL with a domain name, an optional port and path, and no query or fragment", e);
                }
            } else if (url != null) {
                throw CliException.usage("--url", "only did:web uses --url", "drop --url, or use --method web");
            }
            KeyStoreAccess access = keyStore();
            StoredKey stored = KeyCommand.load(access, key);
            KeyMaterial km = KeyCommand.material(access, stored);
            PublicKeyValue pub = km.publicKey();
            DidDocument document;
            switch (method) {
                case key:
                    did = DidKey.didFor(pub);
                    document = DidKey.documentFor(pub);
                    break;
                case jwk:
                    did = DidJwk.didFor(pub);
                    document = resolvedDocument(new DidJwk(), did);
                    break;
                case web:
                default:
                    try {
                        document = DidWeb.document(did, pub);
                    } catch (DidSyntaxException e) {
                        throw CliException.usage("--url " + CliException.shorten(url), e.getMessage(), "give another --url", e);
                    }
                    break;
            }
            JsonObjectBuilder result = JSON.createObjectBuilder().add("did", did).add("method", method.name()).add("key", key);
            Path file = out != null ? out : method == Method.web ? Path.of("did.json") : null;
            if (file != null) {
                Path target = environment().resolve(file);
                write(file, target, document);
                result.add("didDocumentFile", target.toString());
            }
            if (method == Method.web) {
                try {
                    result.add("didDocumentUrl", DidWeb.toUrl(did).toString());
                } catch (DidSyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (plain) {
                environment().out().println(did);
                environment().out().flush();
            } else {
                printJson(result.build());
            }
            return ExitCode.OK;
        }

        private static DidDocument resolvedDocument(DidResolver resolver, String did) {
            ResolutionResult r = resolver.resolve(did);
            return r.didDocument().orElseThrow(() -> new IllegalStateException("cannot expand " + did + ": "
                    + r.errorMessage().orElse("unknown error")));
        }

        private static void write(Path given, Path file, DidDocument document) {
            try {
                Path parent = file.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(file, document.toPrettyJson() + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliException.usage("--out " + given, "cannot write the DID document (" + CliException.describeIo(e) + ")",
                        "choose a writable path", e);
            }
        }
    }

    /** {@code mandate did resolve}. */
    @Command(name = "resolve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Resolve a DID and print the DID Resolution result as JSON; for a DID URL with a",
                    "fragment, print the dereferencing result (the verification method or service).",
                    "The JSON is printed even on failure; exit 1 notFound, 2 invalid DID, 3 network failure."},
            footerHeading = "%nExamples:%n",
            footer = {"  mandate did resolve did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
                    "  mandate did resolve 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'",
                    "  mandate did resolve did:web:example.com --timeout 5s",
                    "  mandate did resolve did:web:localhost%3A8443 --allow-private-networks --trust-cert server.pem"})
    public static final class Resolve extends MandateSubcommand {
        @Parameters(index = "0", paramLabel = "DID_OR_DID_URL", description = "A DID (did:key, did:jwk, did:web) or a DID URL.")
        String input;

        @Mixin
        ResolverOptions resolverOptions;

        @Override
        public Integer call() {
            DidResolver resolver = resolverOptions.resolver(environment()::resolve);
            boolean isUrl = input.indexOf('#') >= 0 || input.indexOf('?') >= 0 || input.indexOf('/') >= 0;
            JsonObject json;
            Optional<ErrorCode> error;
            Optional<String> message;
            if (isUrl) {
                DereferenceResult r = resolver.dereference(input);
                json = r.toJson();
                error = r.error();
                message = r.errorMessage();
            } else {
                ResolutionResult r = resolver.resolve(input);
                json = r.toJson();
                error = r.error();
                message = r.errorMessage();
            }
            printJson(json);
            if (error.isEmpty()) {
                return ExitCode.OK;
            }
            throw failure(error.get(), message.orElse(""));
        }

        private CliException failure(ErrorCode error, String message) {
            String in = CliException.shorten(input);
            String problem = error.code() + ": " + message;
            switch (error.category()) {
                case INVALID:
                    return CliException.usage(in, problem, "check the DID (see 'mandate did resolve --help')");
                case NOT_FOUND:
                    return CliException.negative(in, problem, "check that the DID is right and its document is published");
                case DEPENDENCY_FAILED:
                default:
                    // refused and unreachable hosts share one message (no port-scanning oracle), so the remedy covers all causes
                    String remedy = message.contains(dev.mandate.did.web.DidWebResolver.UNREACHABLE)
                            ? "check the host and port; for a local host use --allow-private-networks (--allow-http-loopback for http,"
                                    + " --trust-cert PEM_FILE for a self-signed certificate)"
                            : message.contains("TLS") || message.contains("certificate")
                            ? "check the server's certificate, or trust it with --trust-cert PEM_FILE"
                            : "check the network and the host, or retry with a longer --timeout";
                    return CliException.dependency(in, problem, remedy, null);
            }
        }
    }
}
