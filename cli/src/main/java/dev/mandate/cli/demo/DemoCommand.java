package dev.mandate.cli.demo;

import dev.mandate.cli.CliException;
import dev.mandate.cli.ExitCode;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.VersionProvider;
import dev.mandate.did.keystore.EncryptedKeyStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mandate demo}: runs {@link DemoSteps#standard()} in a temporary directory, narrating each step
 * on stdout. It never touches the user's own key store.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run the end-to-end story in a temporary directory and narrate each step:",
                "keys for an organisation and its agent, their did:key and did:web identities,",
                "the did.json files served over local HTTPS and resolved, a malformed DID rejected.",
                "Uses its own throw-away key store; your key store is not touched."},
        footerHeading = "%nExamples:%n",
        footer = {"  mandate demo", "  mandate demo --keep    # keep the working directory to look at the files"})
public final class DemoCommand extends MandateSubcommand {
    @Option(names = "--keep", description = "Keep the working directory (its path is printed).")
    boolean keep;

    @Option(names = "--dir", paramLabel = "DIR", description = "Work in DIR (created if needed; kept) instead of a temporary directory.")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = environment().out();
        Path work;
        try {
            work = dir != null ? Files.createDirectories(environment().resolve(dir)) : Files.createTempDirectory("mandate-demo-");
        } catch (IOException e) {
            throw CliException.dependency(String.valueOf(dir), "cannot create the demo directory (" + CliException.describeIo(e) + ")",
                    "choose another --dir", e);
        }
        boolean keepDir = keep || dir != null;
        List<DemoStep> steps = DemoSteps.standard();
        char[] passphrase = randomPassphrase();
        out.println("Mandate demo: an organisation and its AI agent get decentralized identities.");
        out.println("Working directory: " + work + (keepDir ? " (kept)" : " (deleted at the end; --keep keeps it)"));
        try (DemoContext ctx = new DemoContext(work, out,
                EncryptedKeyStore.at(work.resolve("keystore"), environment().keyStoreIterations()), passphrase)) {
            int n = 0;
            for (DemoStep step : steps) {
                n++;
                out.println();
                out.println("Step " + n + "/" + steps.size() + ": " + step.title());
                out.flush();
                try {
                    step.run(ctx);
                } catch (CliException e) {
                    throw e;
                } catch (Exception e) {
                    throw CliException.dependency("demo step " + n + " (" + step.title() + ")",
                            e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                            "rerun with --verbose to see the cause", e);
                }
            }
            out.println();
            out.println("Done: all " + steps.size() + " steps passed.");
            out.flush();
            return ExitCode.OK;
        } finally {
            java.util.Arrays.fill(passphrase, '\0');
            if (!keepDir) {
                deleteTree(work);
            }
        }
    }

    private static char[] randomPassphrase() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b).toCharArray();
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
