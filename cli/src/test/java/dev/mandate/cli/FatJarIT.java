package dev.mandate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged fat jar ({@code cli/target/mandate.jar}) as a person would, in a child JVM with a clean
 * environment: proves the shading (services, no stale signatures, main class) works, and that the strong
 * default key-store parameters are what the real binary uses.
 *
 * <p>The three tests run side by side, two at a time (each its own temporary folder and key store): each is one
 * child JVM at a time, mostly deriving 600,000-iteration keys on one core, while the integration tests otherwise
 * leave the other core idle. Only the methods are concurrent: the class itself stays same-thread, so the next IT
 * class starts only when all three are done (marking the class would start it alongside).
 */
class FatJarIT {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) { }

    private Run run(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("mandate.jar", "target/mandate.jar"));
        assertTrue(Files.isRegularFile(jar), "fat jar built at " + jar);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove(CliEnvironment.PASSPHRASE_VAR);
        pb.environment().put(CliEnvironment.KEYSTORE_VAR, dir.resolve("keystore").toString());
        pb.environment().put("HOME", dir.toString());
        File out = dir.resolve("stdout").toFile();
        File err = dir.resolve("stderr").toFile();
        pb.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        return new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void theDemoRunsFromTheFatJar() throws Exception {
        Run r = run("demo");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("600,000 PBKDF2 iterations"), r.out());
        assertTrue(r.out().contains("Done: all "), r.out());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void keysAndDidsWorkFromTheFatJarWithAPassphraseFile() throws Exception {
        Files.writeString(dir.resolve("pass"), "fat jar passphrase\n");
        Run gen = run("key", "generate", "--type", "secp256k1", "--name", "agent", "--passphrase-file", "pass");
        assertEquals(0, gen.exit(), gen.err());
        assertTrue(gen.out().contains("\"publicKeyMultibase\":\"zQ3s"), gen.out());
        Run did = run("did", "create", "--key", "agent", "--method", "key", "--passphrase-file", "pass");
        assertEquals(0, did.exit(), did.err());
        assertTrue(did.out().startsWith("{\"did\":\"did:key:zQ3s"), did.out());
        Run noPass = run("key", "list");
        assertEquals(2, noPass.exit(), "no terminal, no passphrase: " + noPass.err());
        assertTrue(noPass.err().contains("no passphrase for the key store"), noPass.err());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void exitCodesAndOneLineErrorsFromTheFatJar() throws Exception {
        Run bad = run("did", "resolve", "did:key:z6Mk!");
        assertEquals(2, bad.exit());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.out().contains("\"error\":\"invalidDid\""), bad.out());
        Run version = run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("mandate 0.1.0"), version.out());
    }
}
