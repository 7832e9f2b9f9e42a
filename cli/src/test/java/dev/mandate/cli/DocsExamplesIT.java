package dev.mandate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code ```sh} block of README.md (except one marked {@code <!-- docs-test: skip (why) -->}), in order, in one bash session, as a new user would from the
 * repository root: {@code mandate} is the real fat jar, the key store and scratch files live in a temporary
 * folder (HOME and TMPDIR point there, so everything, key material included, is deleted afterwards). Each document's
 * port 8080 is replaced by a free loopback port. The script runs with {@code set -euo pipefail}: any
 * command that fails fails the test. Afterwards the repository root must hold nothing new: the README leaves no
 * secret behind (issue 16).
 */
class DocsExamplesIT {
    /** A shell block, and whether the line before it is {@code <!-- docs-test: skip (why) -->}. */
    private static final Pattern SH_BLOCK = Pattern.compile("(?ms)(^<!-- docs-test: skip[^\\n]*-->\\n)?^```sh\\n(.*?)^```");

    @TempDir
    Path dir;

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static List<String> shellBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = SH_BLOCK.matcher(markdown);
        while (m.find()) {
            if (m.group(1) == null) {
                blocks.add(m.group(2));
            }
        }
        return blocks;
    }

    /** The documents whose shell blocks run, in this order, in one session: each continues from the README's state. */
    static final List<String> DOCUMENTS = List.of("README.md", "docs/capabilities.md", "docs/status.md");

    @Test
    void everyDocumentedShellBlockRunsAsWrittenAndLeavesNothingInTheRepository() throws Exception {
        Path repository = Path.of(System.getProperty("mandate.repository", "..")).toAbsolutePath().normalize();
        Map<String, List<String>> documents = new LinkedHashMap<>();
        for (String doc : DOCUMENTS) {
            documents.put(doc, shellBlocks(Files.readString(repository.resolve(doc))));
        }
        assertTrue(documents.get("README.md").size() >= 6, "README shell blocks: " + documents.get("README.md").size());
        Path root = Files.createDirectories(dir.resolve("repo"));
        Path jar = Path.of(System.getProperty("mandate.jar", "target/mandate.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "fat jar built at " + jar);
        Path launcher = root.resolve("mandate");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -jar '" + jar + "' \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));

        StringBuilder script = new StringBuilder("set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n");
        for (Map.Entry<String, List<String>> doc : documents.entrySet()) {
            int port = freePort(); // each document's server on its own port: one still stopping never answers the next
            for (int i = 0; i < doc.getValue().size(); i++) {
                script.append("echo '=== ").append(doc.getKey()).append(" block ").append(i + 1).append("' >&2\nset -x\n")
                        .append(doc.getValue().get(i).replace("8080", Integer.toString(port))).append("set +x\n");
            }
        }
        script.append("wait\necho README-DONE\n");
        Path scriptFile = dir.resolve("readme.sh");
        Files.writeString(scriptFile, script);

        Path home = Files.createDirectories(dir.resolve("home"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        ProcessBuilder pb = new ProcessBuilder("bash", scriptFile.toString()).directory(root.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MANDATE_"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("TMPDIR", tmp.toString());
        File out = dir.resolve("stdout").toFile();
        File err = dir.resolve("stderr").toFile();
        pb.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        boolean finished = p.waitFor(20, TimeUnit.MINUTES);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
        String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
        String tail = stderr.length() > 6000 ? stderr.substring(stderr.length() - 6000) : stderr;
        assertTrue(finished, "the documents finished within 20 minutes\n" + tail);
        assertEquals(0, p.exitValue(), "a documented command failed:\n" + tail);
        assertTrue(stdout.strip().endsWith("README-DONE"), stdout);
        assertTrue(stdout.contains("\"verified\":true"), stdout);
        assertTrue(stdout.contains("{\"status\":\"ok\"}"), "the server answered /health");

        try (Stream<Path> left = Files.list(root)) {
            assertEquals(List.of(launcher), left.toList(), "the README leaves nothing in the repository root");
        }
        assertFalse(Files.exists(home.resolve(".mandate/keystore")), "the README's key store is the scratch one, not ~/.mandate");
    }
}
