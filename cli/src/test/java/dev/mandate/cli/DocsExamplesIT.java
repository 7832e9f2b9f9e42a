package dev.mandate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mandate.registry.PgTestDatabase;
import dev.mandate.state.redis.RedisTestSupport;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * Runs every {@code ```sh} / {@code ```bash} block of README.md and docs/*.md (except those marked
 * {@code <!-- docs-test: skip (why) -->}), in order, through the real fat jar, as a reader would: {@code mandate}
 * (and {@code ./mandate}) is the jar's CLI, and key stores and scratch files live in a temporary folder (HOME and
 * TMPDIR point there, {@code /tmp/} in a block means that TMPDIR), so everything, key material included, is
 * deleted afterwards. See {@link DocBlocks} for the markers and the {@code # exit N} check.
 *
 * <p>The documents run in {@link #GROUPS}, in parallel: each group is one bash session ({@code set -euo
 * pipefail}: any failing command fails the test) with its own folder, HOME and loopback ports (the documents'
 * 8080-8083 are replaced by free ports); a few run at once. A {@code mandate} command runs in this JVM from the jar's
 * own classes ({@link JarCommandServer}: the session's process waits, with its arguments, environment, folder, stdin,
 * stdout, stderr and exit code), instead of paying a JVM's start for each of the documents' hundred-odd short commands;
 * {@code mandate serve} and {@code mandate guard run}, and the documents' {@code java -jar}, start real JVMs, which use
 * C1 only and map the jar's startup classes from a class-data-sharing archive made first ({@code JAVA_TOOL_OPTIONS},
 * {@link #classArchive}). README.md, capabilities.md and status.md form one session (the latter
 * continue from the README's state). Every other document starts as a reader who followed the README's first block
 * (launcher on PATH, a passphrase in the environment) plus the group's stated prelude. Afterwards the README's
 * root must hold nothing new: the README leaves no secret behind (issue 16). deployment.md runs against the real
 * PostgreSQL and Redis (its own database and key prefix), and is left out when they are unreachable unless
 * {@code MANDATE_REQUIRE_PG=1} / {@code MANDATE_REQUIRE_REDIS=1}, and when HAProxy or nginx is not installed.
 */
class DocsExamplesIT {
    /**
     * One bash session: its documents in order, what it runs first (state the documents assume), and text
     * replaced in its blocks (only to point the documents' example hosts and databases at this run's own ones).
     */
    record Group(String name, List<String> documents, String prelude, Map<String, String> replace) {
    }

    static final String READER = "export PATH=\"$PWD:$PATH\" MANDATE_PASSPHRASE='a long passphrase'\n";

    /** Every document with shell blocks that run; {@code DocBlocksTest} checks none is forgotten. */
    static final List<Group> GROUPS = List.of(
            new Group("readme", List.of("README.md", "docs/capabilities.md", "docs/status.md"), "", Map.of()),
            new Group("deployment", List.of("docs/deployment.md"), READER, Map.of()),
            // card.json is the worked example card (a file marker); the registry path is the reader's own
            new Group("a2a", List.of("docs/a2a.md"), READER, Map.of("/var/lib/mandate/", "$HOME/")),
            // the organisation's key the commands sign with
            new Group("audit", List.of("docs/audit.md"), READER + "mandate key generate --type Ed25519 --name org\n", Map.of()),
            new Group("credentials", List.of("docs/credentials.md"), READER, Map.of()),
            new Group("guard", List.of("docs/guard.md"), READER, Map.of()),
            // the partner holds an agent's credential, and an access token of its own
            new Group("server", List.of("docs/server.md"), READER + """
                    mandate key generate --type Ed25519 --name org
                    echo '{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"credentialSubject":{"id":"did:example:agent"}}' > c.json
                    mandate vc issue --key org c.json > agent-credential.json
                    TOKEN=$(mandate serve hash-token --generate | jq -r .token)
                    """, Map.of()));

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Path repository() {
        return Path.of(System.getProperty("mandate.repository", "..")).toAbsolutePath().normalize();
    }

    /** The bash of one group: its prelude, then every block that runs or writes a file, with the replacements. */
    static String script(Group group, Map<String, String> replace) throws IOException {
        StringBuilder script = new StringBuilder("set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n");
        script.append(group.prelude());
        for (String doc : group.documents()) {
            for (DocBlocks.Block b : DocBlocks.parse(doc, Files.readString(repository().resolve(doc)))) {
                String text;
                if (b.file().isPresent()) {
                    text = DocBlocks.writeFile(b, b.file().get());
                } else if (b.runs()) {
                    text = "echo \"=== " + b.where() + " $(date +%T)\" >&2\nset -x\n" + DocBlocks.script(b) + "set +x\n";
                } else {
                    continue;
                }
                for (Map.Entry<String, String> r : replace.entrySet()) {
                    text = text.replace(r.getKey(), r.getValue());
                }
                script.append(text);
            }
        }
        // a server a document leaves running (as a reader would, in another terminal) is stopped here
        return script.append("set +x\nkill $(jobs -p) 2>/dev/null || true\nwait || true\ntimes > \"$TMPDIR/times\"\necho \"cpu: $(tail -1 \"$TMPDIR/times\")\"\necho DOCS-DONE\n").toString();
    }

    record Run(Group group, Path root, Path home, int exit, String stdout, String stderr, double seconds) {
        String tail() {
            return group.name() + ": " + (stderr.length() > 3000 ? stderr.substring(stderr.length() - 3000) : stderr);
        }
    }

    /** The JVM flags every JVM the documents start gets, and the archive-making run too (the archive needs the same). */
    static final String JVM_FLAGS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -D" + CliEnvironment.TEST_ITERATIONS_PROPERTY + "=" + JarCommandServer.TEST_ITERATIONS;
    /** The JVM's class-data-sharing messages are not the documents' output: they would go to stdout, into pipes. */
    static final String QUIET_CDS = "-Xlog:cds=off -Xlog:cds+dynamic=off";

    /**
     * A class-data-sharing archive of the jar's startup classes (picocli's command tree, the key store, the crypto
     * providers, JSON), made by one {@code mandate key generate}: each JVM the documents start (servers, {@code java -jar}) then maps
     * those classes instead of loading and verifying them, about a quarter less CPU per command. Empty when it could
     * not be made (the documents then run without it, only slower).
     */
    Optional<Path> classArchive(Path jar) throws Exception {
        Path base = Files.createDirectories(dir.resolve("cds"));
        Path archive = base.resolve("mandate.jsa");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(JVM_FLAGS.split(" ")));
        cmd.addAll(List.of(QUIET_CDS.split(" ")));
        cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString(), "key", "generate", "--type", "Ed25519", "--name", "cds"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(base.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MANDATE_") || k.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().put("HOME", base.toString());
        pb.environment().put(CliEnvironment.PASSPHRASE_VAR, "class archive passphrase");
        pb.redirectOutput(base.resolve("stdout").toFile()).redirectError(base.resolve("stderr").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        if (p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0 && Files.isRegularFile(archive)) {
            return Optional.of(archive);
        }
        p.destroyForcibly();
        System.err.println("DocsExamplesIT: no class archive (the documents run without it): " + Files.readString(base.resolve("stderr")));
        return Optional.empty();
    }

    Run run(Group group, Path jar, Map<String, String> extra, Optional<Path> archive, JarCommandServer commands) throws Exception {
        Path base = Files.createDirectories(dir.resolve(group.name()));
        Path root = Files.createDirectories(base.resolve("repo"));
        commands.launcher(root.resolve("mandate"), Path.of(System.getProperty("java.home"), "bin", "java").toString(), jar);
        if (!group.name().equals("readme")) { // documents that run the jar from a checkout's root (cli/target/mandate.jar)
            Files.createSymbolicLink(Files.createDirectories(root.resolve("cli/target")).resolve("mandate.jar"), jar);
        }
        Map<String, String> replace = new LinkedHashMap<>(group.replace());
        replace.putAll(extra);
        replace.put("/tmp/", "$TMPDIR/");
        for (String port : List.of("8080", "8081", "8082", "8083")) {
            replace.put(port, Integer.toString(freePort()));
        }
        Path scriptFile = base.resolve("docs.sh");
        Files.writeString(scriptFile, script(group, replace));
        Path home = Files.createDirectories(base.resolve("home"));
        Path tmp = Files.createDirectories(base.resolve("tmp"));
        ProcessBuilder pb = new ProcessBuilder("bash", scriptFile.toString()).directory(root.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MANDATE_"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("TMPDIR", tmp.toString());
        // every JVM the documents start (servers, java -jar) compiles with C1 only: short runs need half the CPU
        // key stores the docs create use 1,000 PBKDF2 iterations instead of 600,000: each command that unlocks one
        // otherwise spends ~2 s of CPU in the KDF alone (CliEnvironment.TEST_ITERATIONS_PROPERTY)
        // and they map the startup classes from the archive made before (classArchive)
        pb.environment().put("JAVA_TOOL_OPTIONS", JVM_FLAGS + archive.map(a -> " -XX:SharedArchiveFile=" + a + " " + QUIET_CDS).orElse(""));
        File out = base.resolve("stdout").toFile();
        File err = base.resolve("stderr").toFile();
        pb.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        long start = System.nanoTime();
        Process p = pb.start();
        boolean finished = p.waitFor(30, TimeUnit.MINUTES);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
        String stderr = Files.readString(err.toPath(), StandardCharsets.UTF_8);
        return new Run(group, root, home, finished ? p.exitValue() : -1, stdout, stderr, (System.nanoTime() - start) / 1e9);
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    /**
     * Whether {@code program} is on the PATH: deployment.md runs HAProxy and checks an nginx configuration, Debian
     * packages a development machine may not have (CI's machine has both, so it runs there).
     */
    private static boolean installed(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        System.err.println("DocsExamplesIT: deployment.md left out: " + program + " is not installed (apt-get install -y " + program + ")");
        return false;
    }

    /** Whether PostgreSQL and Redis answer (else deployment.md is left out, or fails when they are required). */
    private static boolean servicesAvailable() {
        try {
            PgTestDatabase.assumeAvailable();
            RedisTestSupport.assumeAvailable();
            return true;
        } catch (TestAbortedException e) {
            System.err.println("DocsExamplesIT: deployment.md left out: " + e.getMessage());
            return false;
        }
    }

    @Test
    void everyDocumentedShellBlockRunsAsWrittenAndLeavesNothingInTheRepository() throws Exception {
        Path jar = Path.of(System.getProperty("mandate.jar", "target/mandate.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "fat jar built at " + jar);
        String database = "docs_" + Long.toHexString(System.nanoTime());
        String prefix = RedisTestSupport.uniquePrefix("docs");
        Map<String, String> deployment = Map.of("CREATE DATABASE mandate", "CREATE DATABASE " + database,
                "5432/mandate?", "5432/" + database + "?", "gateway-eu:", prefix);
        List<Group> groups = new ArrayList<>(GROUPS);
        if (!servicesAvailable() || !installed("haproxy") || !installed("nginx")) {
            groups.removeIf(g -> g.name().equals("deployment"));
        }
        long start = System.nanoTime();
        Optional<Path> archive = classArchive(jar);
        Path jvmFolder = Path.of("").toAbsolutePath();
        List<Path> inJvmFolder = list(jvmFolder);
        // a few sessions at a time: more than about one per core only adds contention
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Math.min(3, Runtime.getRuntime().availableProcessors())));
        try (JarCommandServer commands = new JarCommandServer(jar, dir.resolve("calls"), JarCommandServer.TEST_ITERATIONS)) {
            List<Future<Run>> futures = new ArrayList<>();
            for (Group g : groups) {
                futures.add(pool.submit(() -> run(g, jar, g.name().equals("deployment") ? deployment : Map.of(), archive, commands)));
            }
            List<Run> runs = new ArrayList<>();
            for (Future<Run> f : futures) {
                runs.add(f.get());
            }
            System.err.printf("DocsExamplesIT: %d groups in %.1f s, %d commands in this JVM%n", runs.size(), (System.nanoTime() - start) / 1e9,
                    commands.commands());
            // the commands run here resolve relative paths against the session's folder, never against this JVM's own
            assertEquals(inJvmFolder, list(jvmFolder), "a command run in this JVM wrote into its working directory " + jvmFolder);
            for (Run r : runs) { // the CPU time (user, system) of the processes each session started (not of the commands run in this JVM)
                r.stdout().lines().filter(l -> l.startsWith("cpu: "))
                        .forEach(l -> System.err.printf("DocsExamplesIT: %s %.1f s, %s%n", r.group().name(), r.seconds(), l));
            }
            String failed = runs.stream().filter(r -> r.exit() != 0 || !r.stdout().strip().endsWith("DOCS-DONE"))
                    .map(r -> "exit " + r.exit() + " " + r.tail()).collect(java.util.stream.Collectors.joining("\n\n"));
            assertEquals("", failed, "a documented command failed (exit -1: the session took over 30 minutes)");
            for (Run r : runs) {
                if (r.group().name().equals("deployment")) { // one signed request sent three times through the balancer
                    assertTrue(r.stdout().contains("\n200\n403\n403\n"), "a replay reached another instance and was allowed:\n" + r.stdout());
                }
            }
            Run readme = runs.get(0);
            assertTrue(readme.stdout().contains("\"verified\":true"), readme.stdout());
            assertTrue(readme.stdout().contains("{\"status\":\"ok\"}"), "the server answered /health");
            try (Stream<Path> left = Files.list(readme.root())) {
                assertEquals(List.of(readme.root().resolve("mandate")), left.toList(), "the README leaves nothing in the repository root");
            }
            assertFalse(Files.exists(readme.home().resolve(".mandate/keystore")), "the README's key store is the scratch one, not ~/.mandate");
        } finally {
            pool.shutdownNow();
            if (groups.stream().anyMatch(g -> g.name().equals("deployment"))) {
                try {
                    PgTestDatabase.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                } catch (RuntimeException e) {
                    fail("dropping the deployment database " + database + ": " + e.getMessage());
                }
                RedisTestSupport.deleteKeys(prefix);
            }
        }
    }
}
