package dev.mandate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./mandate} launcher's first build shows progress (issue 16: it printed one line, then nothing for
 * minutes). A full Maven build takes minutes, so {@code mvn} and {@code java} are stand-ins on PATH here that
 * print what Maven prints and record how they were called; the script under test is the real one.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private Path setUp(String mvnBody) throws Exception {
        Path root = Files.createDirectories(dir.resolve("repo"));
        Files.copy(Path.of(System.getProperty("mandate.launcher", "../mandate")), root.resolve("mandate"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        write(bin.resolve("mvn"), "#!/bin/sh\n" + mvnBody);
        write(bin.resolve("java"), "#!/bin/sh\necho \"java $*\"\n");
        Files.setPosixFilePermissions(root.resolve("mandate"), PosixFilePermissions.fromString("rwx------"));
        return root;
    }

    private static void write(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private record Run(int exit, String out, String err) { }

    private Run launch(Path root, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("bash", root.resolve("mandate").toString()));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
        pb.environment().put("TMPDIR", dir.toString());
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theFirstBuildReportsEachModuleThenRunsTheJar() throws Exception {
        Path root = setUp("""
                echo "[INFO] Scanning for projects..."
                echo "[INFO] Downloading from central: https://repo.example/a.pom"
                echo "[INFO] Building did-core 0.1.0-SNAPSHOT                              [1/2]"
                echo "[INFO] Building cli 0.1.0-SNAPSHOT                                   [2/2]"
                mkdir -p cli/target && echo jar > cli/target/mandate.jar
                echo "[INFO] BUILD SUCCESS"
                """);
        Run r = launch(root, "version");
        assertEquals(0, r.exit(), r.err());
        assertEquals("java -jar " + root.toRealPath().resolve("cli/target/mandate.jar") + " version", r.out().strip());
        assertTrue(r.err().contains("mandate:   [1/2] building did-core"), r.err());
        assertTrue(r.err().contains("mandate:   [2/2] building cli"), r.err());
        assertTrue(r.err().contains("downloading dependencies (1 files so far)"), r.err());
        assertTrue(r.err().matches("(?s).*mandate: built in \\d+ s.*"), r.err());
        assertFalse(r.err().contains("Scanning"), "Maven's own output stays in the log: " + r.err());
        try (var left = Files.list(dir)) {
            assertFalse(left.anyMatch(f -> f.getFileName().toString().startsWith("mandate-build.")), "the build log is removed");
        }
        // built: the second run goes straight to java
        Run again = launch(root, "key", "list");
        assertEquals("", again.err());
    }

    @Test
    void aFailedBuildShowsMavensErrorsAndExits3() throws Exception {
        Path root = setUp("""
                echo "[INFO] Building did-core 0.1.0-SNAPSHOT                              [1/2]"
                echo "[ERROR] COMPILATION ERROR : Foo.java:[3,1] ';' expected"
                exit 1
                """);
        Run r = launch(root, "version");
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("[ERROR] COMPILATION ERROR : Foo.java"), r.err());
        assertTrue(r.err().contains("mandate: the build failed"), r.err());
        assertEquals("", r.out());
    }
}
