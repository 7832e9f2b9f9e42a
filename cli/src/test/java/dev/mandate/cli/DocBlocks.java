package dev.mandate.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced blocks of a Markdown document, with the {@code <!-- docs-test: ... -->} markers in the comment lines
 * right above each, and the bash that runs a shell block as a reader would (used by {@link DocsExamplesIT}).
 *
 * <p>Markers: {@code <!-- docs-test: skip (why) -->} leaves a shell block out (the reason is required);
 * {@code <!-- docs-test: file NAME -->} writes the block (any language) to {@code NAME} in the current folder at
 * that point of the run, as the reader saves a configuration the text shows. A single-line command whose comment
 * says {@code # exit N} (N &gt; 0) must exit with N: the run fails on any other code, 0 included.
 */
final class DocBlocks {
    private static final Pattern FENCE = Pattern.compile("^```([A-Za-z0-9+-]*)\\s*$");
    private static final Pattern SKIP = Pattern.compile("<!-- docs-test: skip \\((.+)\\) -->");
    private static final Pattern FILE = Pattern.compile("<!-- docs-test: file ([\\w.-]+) -->");
    private static final Pattern EXIT = Pattern.compile("^(.*\\S)\\s+#\\s*exit ([1-9])\\b.*$");
    /** How a command line starts, for finding command blocks that lack {@code sh} (not output such as {@code mandate serve: ...}). */
    private static final Pattern COMMAND = Pattern.compile("^((\\./)?(mandate|mvn|java|curl|export|psql|haproxy) (?![a-z-]+: )|(\\.\\./)?bench/\\S+).*");

    private DocBlocks() {
    }

    /** One fenced block: where it starts (1-based line of the fence), its language, its text and its markers. */
    record Block(String doc, int line, String language, String code, List<String> markers) {
        boolean shell() {
            return language.equals("sh") || language.equals("bash");
        }

        /** Why the block does not run, if a skip marker says so. */
        Optional<String> skipReason() {
            return markers.stream().map(SKIP::matcher).filter(Matcher::matches).map(m -> m.group(1)).findFirst();
        }

        /** The file the block is written to, if a file marker says so. */
        Optional<String> file() {
            return markers.stream().map(FILE::matcher).filter(Matcher::matches).map(m -> m.group(1)).findFirst();
        }

        boolean runs() {
            return shell() && skipReason().isEmpty();
        }

        /** A block without a shell language or a skip marker whose first line is a command a reader would type. */
        boolean commandWithoutShellLanguage() {
            return !shell() && skipReason().isEmpty() && (language.isEmpty() || language.equals("text"))
                    && code.lines().findFirst().map(l -> COMMAND.matcher(l.strip()).matches()).orElse(false);
        }

        String where() {
            return doc + ":" + line;
        }
    }

    static List<Block> parse(String doc, String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                end++;
            }
            List<String> markers = new ArrayList<>();
            for (int j = i - 1; j >= 0 && lines.get(j).strip().startsWith("<!--"); j--) {
                markers.add(0, lines.get(j).strip());
            }
            StringBuilder code = new StringBuilder();
            for (String l : lines.subList(i + 1, Math.min(end, lines.size()))) {
                code.append(l).append('\n');
            }
            blocks.add(new Block(doc, i + 1, open.group(1), code.toString(), List.copyOf(markers)));
            i = end;
        }
        return blocks;
    }

    /** The block as bash: unchanged, except that single-line commands documented with {@code # exit N} must exit N. */
    static String script(Block block) {
        StringBuilder out = new StringBuilder();
        boolean continued = false;
        for (String line : block.code().lines().toList()) {
            Matcher m = EXIT.matcher(line);
            if (!continued && m.matches() && !m.group(1).contains("||") && !m.group(1).endsWith("\\")) {
                String n = m.group(2);
                out.append("set +e\n").append(m.group(1)).append("\nrc=$?\nset -e\n")
                        .append("[ \"$rc\" -eq ").append(n).append(" ] || { echo \"docs-test: ").append(block.where())
                        .append(": documented exit ").append(n).append(", got $rc\" >&2; exit 1; }\n");
            } else {
                out.append(line).append('\n');
            }
            continued = line.endsWith("\\");
        }
        return out.toString();
    }

    /** The bash that writes a file-marked block: a quoted here-document, so nothing in it is expanded. */
    static String writeFile(Block block, String name) {
        return "cat > " + name + " <<'DOCS_TEST_EOF'\n" + block.code() + "DOCS_TEST_EOF\n";
    }
}
