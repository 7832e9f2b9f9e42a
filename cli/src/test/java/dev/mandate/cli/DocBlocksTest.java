package dev.mandate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No shell block of the docs escapes {@link DocsExamplesIT}, and its markers and exit-code check do what they say. */
class DocBlocksTest {
    @TempDir
    Path dir;

    static List<DocBlocks.Block> allBlocks() throws IOException {
        Path root = DocsExamplesIT.repository();
        List<String> docs = new ArrayList<>(List.of("README.md"));
        try (Stream<Path> s = Files.list(root.resolve("docs"))) {
            s.map(p -> "docs/" + p.getFileName()).filter(p -> p.endsWith(".md")).sorted().forEach(docs::add);
        }
        List<DocBlocks.Block> out = new ArrayList<>();
        for (String doc : docs) {
            out.addAll(DocBlocks.parse(doc, Files.readString(root.resolve(doc))));
        }
        return out;
    }

    @Test
    void everyShellBlockRunsInTheDocsTestOrSaysWhyNot() throws IOException {
        Set<String> run = DocsExamplesIT.GROUPS.stream().flatMap(g -> g.documents().stream()).collect(Collectors.toSet());
        List<DocBlocks.Block> blocks = allBlocks();
        assertTrue(blocks.stream().filter(DocBlocks.Block::runs).count() >= 20, "runnable blocks found");
        for (DocBlocks.Block b : blocks) {
            assertTrue(!b.commandWithoutShellLanguage(), b.where() + ": a command block without ```sh: mark it sh (it then runs) "
                    + "or sh with <!-- docs-test: skip (why) -->");
            if (b.runs() || b.file().isPresent()) {
                assertTrue(run.contains(b.doc()), b.where() + ": " + b.doc() + " has blocks that run but is in no group of DocsExamplesIT.GROUPS");
            }
            b.skipReason().ifPresent(why -> assertTrue(why.length() >= 10, b.where() + ": say why the block cannot run"));
        }
    }

    private DocBlocks.Block block(String markdown) {
        List<DocBlocks.Block> blocks = DocBlocks.parse("t.md", markdown);
        assertEquals(1, blocks.size(), markdown);
        return blocks.get(0);
    }

    private int bash(String script) throws Exception {
        Path f = dir.resolve("t.sh");
        Files.writeString(f, "set -euo pipefail\n" + script);
        Process p = new ProcessBuilder("bash", f.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Test
    void aDocumentedExitCodeIsChecked() throws Exception {
        DocBlocks.Block b = block("text\n\n```sh\nsh -c 'exit 2'   # exit 2: bad usage\ntrue\n```\n");
        assertEquals(0, bash(DocBlocks.script(b)));
        // the command succeeding, or failing otherwise, fails the run
        assertEquals(1, bash(DocBlocks.script(block("```sh\ntrue   # exit 1: not verified\n```\n"))));
        assertEquals(1, bash(DocBlocks.script(block("```sh\nsh -c 'exit 3'   # exit 1\n```\n"))));
        // an undocumented failure still fails; a continued line and an explicit || are left as written
        assertEquals(3, bash(DocBlocks.script(block("```sh\nsh -c 'exit 3'   # exit 0\n```\n"))));
        assertEquals(0, bash(DocBlocks.script(block("```sh\nfalse || echo \"exit $?\"   # exit 1\n```\n"))));
        assertEquals(0, bash(DocBlocks.script(block("```bash\necho a \\\n  b   # exit 1\n```\n"))));
    }

    @Test
    void markersSkipOrWriteTheBlock() throws Exception {
        DocBlocks.Block skipped = block("<!-- docs-test: skip (needs the internet) -->\n```sh\ncurl https://example.com\n```\n");
        assertEquals("needs the internet", skipped.skipReason().orElseThrow());
        assertTrue(!skipped.runs());
        DocBlocks.Block file = block("<!-- docs-test: file cfg.json -->\n<!-- other-marker -->\n```json\n{\"a\": \"$HOME `x`\"}\n```\n");
        assertEquals("cfg.json", file.file().orElseThrow());
        assertEquals(0, bash(DocBlocks.writeFile(file, "cfg.json")));
        assertEquals("{\"a\": \"$HOME `x`\"}\n", Files.readString(dir.resolve("cfg.json"), StandardCharsets.UTF_8));
        // a marker separated by a blank line belongs to nothing
        assertTrue(block("<!-- docs-test: skip (far away) -->\n\n```sh\ntrue\n```\n").runs());
        assertTrue(block("```\n./mandate key list\n```\n").commandWithoutShellLanguage());
        assertTrue(!block("```\nmandate: --agent did:key:z6Mk: not a DID\n```\n").commandWithoutShellLanguage());
        assertTrue(!block("```\nmandate serve: listening on http://127.0.0.1:8081/\n```\n").commandWithoutShellLanguage());
        assertTrue(block("```\nmandate serve --check-config --config x.json\n```\n").commandWithoutShellLanguage());
        assertTrue(!block("<!-- docs-test: skip (a synopsis, not commands) -->\n```\nmandate agent list [--state S]\n```\n").commandWithoutShellLanguage());
    }
}
