package dev.mandate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.cli.demo.DemoSteps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void theDemoRunsEveryStepAndCleansUp() {
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result r = cli.run("demo");
        assertEquals(0, r.exit(), r.toString());
        int n = DemoSteps.standard().size();
        for (int i = 1; i <= n; i++) {
            assertTrue(r.out().contains("Step " + i + "/" + n + ": "), r.out());
        }
        assertTrue(r.out().contains("Done: all " + n + " steps passed."), r.out());
        assertTrue(r.out().contains("invalidDid"), r.out());
        assertTrue(r.out().contains("/credentials/issue (bearer token) -> 201: issuer did:web:localhost%3A"), r.out());
        assertTrue(r.out().contains("the partner fetched the DID document over HTTPS"), r.out());
        assertTrue(r.out().contains("presentations/verify -> 200: verified=true"), r.out());
        assertTrue(r.out().contains("the same presentation again -> 400: INVALID_CHALLENGE_ERROR"), r.out());
        assertTrue(r.out().contains("re-opened with the passphrase, it holds: org, agent"), r.out());
        assertTrue(Pattern.compile("org: +did:key:z6Mk").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("agent: +did:key:zDna").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("publicKeyMultibase matches the agent's key"), r.out());
        assertTrue(Pattern.compile("resolved did:web:localhost%3A\\d+: id matches").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("resolved did:web:localhost%3A\\d+:agents:agent-1: id matches").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("with the safe defaults the same DID is refused: internalError"), r.out());
        assertTrue(r.out().contains("invalidPublicKeyLength") && r.out().contains("invalidPublicKey:")
                && r.out().contains("methodNotSupported"), r.out());
        assertTrue(r.out().contains("gateway DENY INTENT_MISMATCH"), r.out());
        assertTrue(Pattern.compile("guard: guard suspended did:key:\\S+ after read https://hr.example.com/employees/4711/salary \\(score [0-9.]+; novel-resource: ")
                .matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("refuses the agent's next payment \\d+ ms after the HR call: LINK_NOT_VERIFIED: .*the credential is suspended").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("registry: the agent is suspended (by guard)"), r.out());
        assertTrue(Pattern.compile("mandate audit verify: \\d+ entries .* intact").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("mandate audit prove \\d+: the suspension entry \\(rules \\[novel-resource").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("agent calls search_catalog -> ALLOW: search_catalog ran for did:key:"), r.out());
        assertTrue(Pattern.compile("agent calls delete_catalog -> DENY \\(JSON-RPC error -32003\\) INTENT_MISMATCH: ").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("the sub-agent calls it -> ALLOW: search_catalog ran for did:key:z6Mk"), r.out());
        assertTrue(r.out().contains("the agent's A2A Agent Card, signed with its DID key (detached JWS over the JCS form), verifies"), r.out());
        assertTrue(Pattern.compile("partner audit log: \\d+ MCP decisions \\(session setup and tool calls: \\d+ allowed, [1-9]\\d* denied").matcher(r.out()).find(), r.out());
        assertEquals("", r.err());
        Matcher m = Pattern.compile("Working directory: (\\S+)").matcher(r.out());
        assertTrue(m.find());
        assertFalse(Files.exists(Path.of(m.group(1))), "temporary directory deleted");
        assertFalse(Files.exists(cli.keystore()), "the user's key store is never touched");
    }

    @Test
    void cliMdListsEveryDemoStep() throws Exception {
        String md = Files.readString(Path.of("..", "docs", "cli.md"));
        int from = md.indexOf("## `mandate demo");
        String section = md.substring(from, md.indexOf("The steps are `DemoStep` objects", from));
        long listed = section.lines().filter(l -> l.matches("\\d+\\. .*")).count();
        assertEquals(DemoSteps.standard().size(), listed, "docs/cli.md numbers one item per demo step");
    }

    @Test
    void withDirTheFilesAreKept() {
        Path work = dir.resolve("work");
        CliHarness.Result r = new CliHarness(dir).run("demo", "--dir", work.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Working directory: " + work + " (kept)"), r.out());
        assertTrue(Files.isDirectory(work));
        assertTrue(Files.isRegularFile(work.resolve("keystore")));
        assertTrue(Files.isRegularFile(work.resolve("site/.well-known/did.json")));
        assertTrue(Files.isRegularFile(work.resolve("site/agents/agent-1/did.json")));
    }
}
