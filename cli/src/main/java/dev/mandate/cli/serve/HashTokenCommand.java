package dev.mandate.cli.serve;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.cli.CliException;
import dev.mandate.cli.ExitCode;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.VersionProvider;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Token;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mandate serve hash-token}: the SHA-256 that the server configuration stores for an access token,
 * from a token on stdin or a freshly generated one.
 */
@Command(name = "hash-token", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Print the SHA-256 of an access token, for auth.tokens[].sha256 in the server configuration.",
                "Reads the token from stdin (one line), or makes a new random one with --generate."},
        footerHeading = "%nExamples:%n",
        footer = {"  mandate serve hash-token --generate",
                "  printf '%s' \"$TOKEN\" | mandate serve hash-token"})
public final class HashTokenCommand extends MandateSubcommand {
    private static final int MAX = 4096;

    @Option(names = "--generate", description = "Generate a random 256-bit token and print it with its hash.")
    boolean generate;

    @Override
    public Integer call() {
        if (generate) {
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            String token = "mnd_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            printJson(Jsonp.PROVIDER.createObjectBuilder().add("token", token).add("sha256", Token.hash(token)).build());
            return ExitCode.OK;
        }
        byte[] in;
        try {
            in = environment().in().readNBytes(MAX + 1);
        } catch (IOException e) {
            throw CliException.dependency("stdin", "cannot read the token (" + CliException.describeIo(e) + ")", "pipe the token in", e);
        }
        if (in.length > MAX) {
            throw CliException.usage("stdin", "the token is longer than " + MAX + " bytes", "use a shorter token");
        }
        String token = new String(in, StandardCharsets.UTF_8);
        if (token.endsWith("\n")) {
            token = token.substring(0, token.length() - 1);
        }
        if (token.endsWith("\r")) {
            token = token.substring(0, token.length() - 1);
        }
        if (token.isEmpty() || token.contains("\n")) {
            throw CliException.usage("stdin", token.isEmpty() ? "no token" : "more than one line",
                    "pipe exactly one token, e.g. printf '%s' \"$TOKEN\" | mandate serve hash-token, or use --generate");
        }
        printJson(Jsonp.PROVIDER.createObjectBuilder().add("sha256", Token.hash(token)).build());
        return ExitCode.OK;
    }
}
