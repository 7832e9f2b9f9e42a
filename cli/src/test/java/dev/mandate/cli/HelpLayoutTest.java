package dev.mandate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 16: help at 80 columns reads well on every page of every command. */
class HelpLayoutTest {
    @TempDir
    Path dir;

    /** Every command of the tree, with its usage help rendered at 80 columns. */
    record Page(String name, CommandLine command, String usage, String picocliWarnings) {
    }

    List<Page> pages() {
        CommandLine root = Mandate.commandLine(new CliHarness(dir).environment());
        List<Page> pages = new ArrayList<>();
        walk(root, pages);
        return pages;
    }

    private static void walk(CommandLine c, List<Page> pages) {
        PrintStream old = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        String usage;
        try {
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            c.getCommandSpec().usageMessage().autoWidth(false).width(80);
            usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
        } finally {
            System.setErr(old);
        }
        pages.add(new Page(c.getCommandSpec().qualifiedName(), c, usage, warnings.toString(StandardCharsets.UTF_8)));
        for (CommandLine s : c.getSubcommands().values()) {
            if (s.getParent() == c && !s.getCommandName().equals("help")) {
                walk(s, pages);
            }
        }
    }

    @Test
    void noPageMakesPicocliWarn() {
        List<Page> pages = pages();
        assertTrue(pages.size() > 50, "the whole tree was walked: " + pages.size());
        for (Page p : pages) {
            assertEquals("", p.picocliWarnings(), p.name());
            assertFalse(p.usage().contains("Could not format"), p.name());
        }
    }

    @Test
    void commandListSummariesAreWholeSentences() {
        for (Page p : pages()) {
            for (CommandLine sub : p.command().getSubcommands().values()) {
                String summary = HelpLayout.summary(sub.getCommandSpec());
                assertTrue(summary.endsWith("."), p.name() + " " + sub.getCommandName() + ": " + summary);
                assertFalse(summary.endsWith(",.") || summary.endsWith(" the.") || summary.endsWith(" a."), summary);
                // the rendered list carries the whole summary, word for word
                assertTrue(p.usage().replaceAll("\\s+", " ").contains(summary), p.name() + " lists " + sub.getCommandName() + ": " + summary);
            }
        }
    }

    @Test
    void descriptionsWrapOnlyBetweenWords() {
        int words = 0;
        for (Page p : pages()) {
            java.util.Set<String> rendered = new java.util.HashSet<>(List.of(p.usage().split("\\s+")));
            List<String> texts = new ArrayList<>(List.of(p.command().getCommandSpec().usageMessage().description()));
            for (CommandLine.Model.ArgSpec arg : p.command().getCommandSpec().args()) {
                if (!arg.hidden()) {
                    texts.addAll(List.of(arg.description()));
                }
            }
            for (String text : texts) {
                for (String word : HelpLayout.unformat(text).split("\\s+")) {
                    if (word.isEmpty() || word.contains("${")) {
                        continue; // picocli variables are expanded when rendered
                    }
                    words++;
                    // picocli's own wrapping cut "DIR/index.json" after the dot and "did:web" after the colon
                    assertTrue(rendered.contains(word), p.name() + ": the word '" + word + "' is cut in\n" + p.usage());
                }
            }
            for (String line : p.usage().split("\\R")) {
                assertTrue(line.length() <= 80 || !line.startsWith("      --") && !line.startsWith("  -"),
                        p.name() + ": option line of " + line.length() + ": " + line);
            }
        }
        assertTrue(words > 5000, "descriptions were checked: " + words);
    }

    @Test
    void descriptionLinesJoinIntoParagraphsButListsKeepTheirLines() {
        assertEquals(List.of("One sentence over two lines.", "", "  - first item", "  - second item", "After the list."),
                HelpLayout.paragraphs(new String[] {"One sentence", "over two lines.", "", "  - first item", "  - second item",
                    "After the list."}));
        assertEquals(List.of("Line one.", "Line two."), HelpLayout.paragraphs(new String[] {"Line one.%nLine two."}));
    }

    @Test
    void examplesFitEightyColumnsAndWrapOnlyBetweenShellWords() {
        int wrapped = 0;
        for (Page p : pages()) {
            String[] lines = p.usage().split("\\R");
            for (String line : lines) {
                if (line.length() > 80) {
                    // only one unbreakable shell word (a long JSON argument, a DID URL) may be longer than the terminal
                    assertFalse(line.strip().contains(" ") && !line.strip().startsWith("'") && !line.strip().startsWith("--"),
                            p.name() + ": line of " + line.length() + ": " + line);
                }
            }
            for (String footer : p.command().getCommandSpec().usageMessage().footer()) {
                String raw = HelpLayout.unformat(footer);
                if (raw.strip().startsWith("mandate ") && raw.length() > 80) {
                    wrapped++;
                    // the words of the example are all there, in order, each unbroken, joined by '\' continuations
                    String rendered = p.usage().replace(" \\" + System.lineSeparator(), " ");
                    String flat = rendered.replaceAll(" +", " ");
                    assertTrue(flat.contains(String.join(" ", HelpLayout.shellWords(raw.strip().replaceAll(" \\\\$", "")))),
                            p.name() + ": " + raw);
                }
            }
        }
        assertTrue(wrapped > 10, "long examples exist and were checked: " + wrapped);
    }

    @Test
    void wrapShellKeepsQuotedArgumentsWhole() {
        String json = "'{\"action\":\"pay\",\"resource\":\"https://api.example/orders/\",\"constraints\":{\"maxAmount\":\"500\"}}'";
        List<String> lines = HelpLayout.wrapShell("  mandate cap grant --key org --subject did:key:z6Mk... --capability " + json + " > root.json", 80);
        assertTrue(lines.size() > 1, lines.toString());
        for (int i = 0; i < lines.size() - 1; i++) {
            assertTrue(lines.get(i).endsWith(" \\"), lines.get(i));
        }
        assertTrue(lines.stream().anyMatch(l -> l.strip().equals(json) || l.strip().equals(json + " \\") || l.contains(json)), lines.toString());
    }

    @Test
    void helpFollowsTheWholeCommandPath() {
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result r = cli.run("help", "key", "generate");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Usage: mandate key generate"), r.out());
        assertEquals(cli.run("key", "generate", "--help").out(), r.out());
        CliHarness.Result cap = cli.run("cap", "help", "grant");
        assertTrue(cap.out().contains("Usage: mandate cap grant"), cap.out());
        CliHarness.Result top = cli.run("help");
        assertTrue(top.out().contains("Usage: mandate ["), top.out());
        CliHarness.Result bad = cli.run("help", "key", "generat");
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().startsWith("mandate: mandate help: 'generat' is not a command of mandate key (commands: "), bad.err());
    }
}
