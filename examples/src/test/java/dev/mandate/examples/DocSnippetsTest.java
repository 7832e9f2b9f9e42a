package dev.mandate.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java shown in docs/ is the code this module compiles and runs: every code block in README.md or docs/*.md
 * preceded by {@code <!-- snippet: Name#region -->} must equal the lines between {@code // tag::region[]} and
 * {@code // end::region[]} in {@code src/main/java/dev/mandate/examples/Name.java} (common indentation removed),
 * and every region of those files is shown somewhere. Every other {@code ```java} block must say why it is not an
 * example with {@code <!-- snippet: none (why) -->} (e.g. alternatives that do not compile as one program).
 */
class DocSnippetsTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path SOURCES = Path.of("src/main/java/dev/mandate/examples");
    static final Pattern MARKER = Pattern.compile("<!-- snippet: ([A-Za-z0-9]+)#([a-z0-9-]+) -->");
    static final Pattern NONE = Pattern.compile("<!-- snippet: none \\((.{10,})\\) -->");
    static final Pattern TAG = Pattern.compile("^\\s*// tag::([a-z0-9-]+)\\[\\]\\s*$");

    record Shown(Path doc, int line, String file, String region, String code) {
    }

    static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** The {@code ```java} blocks of {@code lines} that are neither an example region nor marked {@code snippet: none (why)}. */
    static List<String> unmarkedJava(String doc, List<String> lines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).trim().equals("```java")) continue;
            String before = i > 0 ? lines.get(i - 1).trim() : "";
            if (!MARKER.matcher(before).matches() && !NONE.matcher(before).matches()) out.add(doc + ":" + (i + 1));
        }
        return out;
    }

    /** The marked blocks of every doc. */
    static List<Shown> shown() throws IOException {
        List<Path> docs = docs();
        List<Shown> out = new ArrayList<>();
        for (Path doc : docs) {
            List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = MARKER.matcher(lines.get(i).trim());
                if (!m.matches()) continue;
                if (i + 1 >= lines.size() || !lines.get(i + 1).trim().equals("```java")) {
                    fail(ROOT.relativize(doc) + ":" + (i + 1) + ": a snippet marker must be followed by a ```java block");
                }
                int end = i + 2;
                while (end < lines.size() && !lines.get(end).trim().equals("```")) end++;
                out.add(new Shown(doc, i + 1, m.group(1), m.group(2), String.join("\n", lines.subList(i + 2, end))));
            }
        }
        return out;
    }

    /** Every tagged region of every example source, by "File#region". */
    static Map<String, String> regions() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(SOURCES)) {
            for (Path src : s.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String file = src.getFileName().toString().replace(".java", "");
                List<String> lines = Files.readAllLines(src, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = TAG.matcher(lines.get(i));
                    if (!m.matches()) continue;
                    String endTag = "// end::" + m.group(1) + "[]";
                    int end = i + 1;
                    while (end < lines.size() && !lines.get(end).trim().equals(endTag)) end++;
                    if (end == lines.size()) fail(src + ": no " + endTag);
                    out.put(file + "#" + m.group(1), dedent(lines.subList(i + 1, end)));
                }
            }
        }
        return out;
    }

    static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : lines) out.add(l.isBlank() ? "" : l.substring(indent));
        return String.join("\n", out);
    }

    @Test
    void everyMarkedDocBlockIsTheExampleCodeVerbatim() throws IOException {
        Map<String, String> regions = regions();
        List<Shown> shown = shown();
        assertTrue(shown.size() >= regions.size(), "docs show " + shown.size() + " snippets, the examples have " + regions.size());
        for (Shown s : shown) {
            String key = s.file() + "#" + s.region();
            String where = ROOT.relativize(s.doc()) + ":" + s.line() + " (" + key + ")";
            if (!regions.containsKey(key)) fail(where + ": no such region in examples/" + SOURCES + "; known: " + regions.keySet());
            assertEquals(regions.get(key), s.code(), where + " differs from the example source: copy the region into the doc");
        }
    }

    @Test
    void everyExampleRegionIsShownInTheDocs() throws IOException {
        Set<String> shownKeys = new LinkedHashSet<>();
        for (Shown s : shown()) shownKeys.add(s.file() + "#" + s.region());
        Set<String> missing = new LinkedHashSet<>(regions().keySet());
        missing.removeAll(shownKeys);
        assertTrue(missing.isEmpty(), "example regions not shown in any doc: " + missing);
        for (String required : List.of("IssueGrant#grant", "Delegate#delegate", "AgentSide#agent", "PartnerSide#partner",
                "IssueAndVerify#verify")) {
            assertTrue(shownKeys.contains(required), required + " must be in the docs");
        }
    }

    @Test
    void everyJavaBlockInTheDocsIsAnExampleOrSaysWhyNot() throws IOException {
        List<String> unmarked = new ArrayList<>();
        for (Path doc : docs()) {
            unmarked.addAll(unmarkedJava(ROOT.relativize(doc).toString(), Files.readAllLines(doc, StandardCharsets.UTF_8)));
        }
        assertTrue(unmarked.isEmpty(), "```java blocks that are not example code: " + unmarked
                + "; move each into examples/ as a tagged region and mark it <!-- snippet: File#region -->, "
                + "or mark it <!-- snippet: none (why) -->");
        // the check itself: an unmarked block, a reasonless none, and the two accepted markers
        List<String> sample = List.of("```java", "a();", "```", "<!-- snippet: none () -->", "```java", "```",
                "<!-- snippet: none (alternatives, not one program) -->", "```java", "```", "<!-- snippet: A2aCalls#a2a-callee -->", "```java", "```");
        assertEquals(List.of("t.md:1", "t.md:5"), unmarkedJava("t.md", sample));
    }

    @Test
    void theComparisonCatchesDrift() {
        // the checker itself: a changed line, a missing line and different indentation of the whole block
        String region = dedent(List.of("        a();", "        if (x) {", "            b();", "        }"));
        assertEquals("a();\nif (x) {\n    b();\n}", region);
        assertTrue(!region.equals("a();\nif (x) {\n    c();\n}") && !region.equals("a();\nif (x) {\n}"));
    }
}
