package dev.mandate.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How {@code --help} lays out two sections that picocli's defaults spoil at 80 columns:
 *
 * <ul>
 *   <li>the command list shows each subcommand's first <em>sentence</em> (picocli shows the first line of the
 *       description, which in a multi-line description stops mid-sentence);</li>
 *   <li>the footer (examples, environment) is printed as written, without {@code String.format} (a {@code %3A}
 *       or {@code printf '%s'} in an example made picocli print "Could not format"), and a line too long for
 *       the terminal is wrapped between shell words with a {@code \} continuation, so that no URL, DID or JSON
 *       argument is cut and every example still runs when pasted;</li>
 *   <li>the description and every option's and parameter's description are wrapped between words only (picocli
 *       breaks lines with the JDK's line {@code BreakIterator}, which cuts {@code index.json} after the dot and
 *       {@code did:web} after the colon). The lines of a description array form one paragraph, as in the
 *       source; an empty line or {@code %n} starts a new one, and a line starting with a space, {@code -}, or
 *       {@code 1.} starts a new line (lists).</li>
 * </ul>
 */
final class HelpLayout {
    private static final Pattern SENTENCE_END = Pattern.compile("[.:](?=\\s|$)");
    private static final Pattern HANGING = Pattern.compile("^(\\s+\\S+\\s{2,})\\S");
    private static final int CONTINUATION_INDENT = 4;
    private static final Pattern LIST_ITEM = Pattern.compile("^(\\s|- |\\d+\\. )");

    private HelpLayout() {
    }

    /** Installs the layout on {@code cl} and all its subcommands. */
    static void install(CommandLine cl) {
        Map<String, CommandLine.IHelpSectionRenderer> sections = cl.getHelpSectionMap();
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, HelpLayout::commandList);
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, HelpLayout::footer);
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION, HelpLayout::description);
        cl.setHelpSectionMap(sections);
        cl.setHelpFactory((spec, colors) -> new Help(spec, colors) {
            @Override
            public Help.Layout createDefaultLayout() {
                return new WordWrapLayout(super.createDefaultLayout());
            }

            @Override
            public Help.Layout createDefaultLayout(List<CommandLine.Model.OptionSpec> options,
                    List<CommandLine.Model.PositionalParamSpec> positionals, Help.ColorScheme scheme) {
                return new WordWrapLayout(super.createDefaultLayout(options, positionals, scheme));
            }
        });
    }

    /** The first sentence of a command's description (or its header), ending in a full stop. */
    static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        String[] lines = header.length > 0 ? header : spec.usageMessage().description();
        StringBuilder joined = new StringBuilder();
        for (String line : lines) {
            String t = unformat(line).strip();
            if (t.isEmpty()) {
                if (joined.length() > 0) {
                    break;
                }
                continue;
            }
            if (joined.length() > 0) {
                joined.append(' ');
            }
            joined.append(t);
            Matcher m = SENTENCE_END.matcher(joined);
            if (m.find()) {
                return joined.substring(0, m.start()) + ".";
            }
        }
        String s = joined.toString().strip();
        return s.isEmpty() || s.endsWith(".") ? s : s + ".";
    }

    private static String commandList(Help help) {
        Map<String, Help> subcommands = help.subcommands();
        if (subcommands.isEmpty()) {
            return "";
        }
        int width = help.commandSpec().usageMessage().width();
        int nameWidth = 0;
        for (String name : subcommands.keySet()) {
            nameWidth = Math.max(nameWidth, name.length());
        }
        int column = Math.min(nameWidth + 4, 24);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Help> e : subcommands.entrySet()) {
            String name = "  " + e.getKey();
            String text = summary(e.getValue().commandSpec());
            List<String> wrapped = wordWrap(text, Math.max(20, width - column));
            StringBuilder first = new StringBuilder(name);
            if (name.length() + 1 > column) {
                out.append(name).append(System.lineSeparator());
                first.setLength(0);
            }
            for (int i = 0; i < wrapped.size(); i++) {
                StringBuilder line = i == 0 ? first : new StringBuilder();
                while (line.length() < column) {
                    line.append(' ');
                }
                out.append(line).append(wrapped.get(i)).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    private static String description(Help help) {
        int width = help.commandSpec().usageMessage().width();
        StringBuilder out = new StringBuilder();
        for (String paragraph : paragraphs(help.commandSpec().usageMessage().description())) {
            for (String l : wrapProse(paragraph, width)) {
                out.append(l).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    /**
     * The lines of a picocli description array joined the way they read in the source: consecutive lines form
     * one paragraph; an empty line, {@code %n}, or a line that starts a list item (leading space, {@code -},
     * {@code 1.}) starts a new one. An empty paragraph stands for an empty line.
     */
    static List<String> paragraphs(String[] lines) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        boolean previousWasListItem = false;
        for (String raw : lines) {
            String[] parts = unformat(raw).split("\n", -1);
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                boolean forcedBreak = i > 0;
                if (part.isBlank()) {
                    previousWasListItem = false;
                    if (current != null) {
                        out.add(current.toString());
                        current = null;
                    }
                    if (!forcedBreak || i < parts.length - 1) {
                        out.add("");
                    }
                    continue;
                }
                boolean listItem = LIST_ITEM.matcher(part).find();
                if (current == null || forcedBreak || listItem || previousWasListItem) {
                    if (current != null) {
                        out.add(current.toString());
                    }
                    current = new StringBuilder(part.stripTrailing());
                } else {
                    current.append(' ').append(part.strip());
                }
                previousWasListItem = listItem;
            }
        }
        if (current != null) {
            out.add(current.toString());
        }
        return out;
    }

    /**
     * Lays out each option and parameter as picocli does, but with its description already wrapped between
     * words to the description column's width, so picocli never has to break a word.
     */
    private static final class WordWrapLayout extends Help.Layout {
        WordWrapLayout(Help.Layout original) {
            super(original.colorScheme(), original.textTable(), original.optionRenderer(), original.parameterRenderer());
        }

        @Override
        public void layout(CommandLine.Model.ArgSpec arg, Help.Ansi.Text[][] cellValues) {
            Help.Column[] columns = textTable().columns();
            int last = columns.length - 1;
            if (cellValues.length == 0 || cellValues[0].length != columns.length) {
                super.layout(arg, cellValues);
                return;
            }
            String[] lines = new String[cellValues.length];
            for (int r = 0; r < cellValues.length; r++) {
                Help.Ansi.Text t = cellValues[r][last];
                lines[r] = t == null ? "" : t.plainString();
            }
            int width = Math.max(20, columns[last].width - columns[last].indent);
            int hang = 2; // what picocli hangs its own continuation lines by
            List<String> wrapped = new ArrayList<>();
            for (String paragraph : paragraphs(lines)) {
                int indent = 0;
                while (indent < paragraph.length() && paragraph.charAt(indent) == ' ') {
                    indent++;
                }
                // continuation lines hang in by the column's indent, as picocli's own wrapping does
                List<String> ws = wordWrap(paragraph.substring(indent), width - indent, width - indent - hang);
                for (int i = 0; i < ws.size(); i++) {
                    wrapped.add(" ".repeat(indent + (i == 0 ? 0 : hang)) + ws.get(i));
                }
            }
            if (wrapped.isEmpty()) {
                wrapped.add("");
            }
            Help.Ansi.Text[][] rows = new Help.Ansi.Text[wrapped.size()][];
            for (int r = 0; r < rows.length; r++) {
                Help.Ansi.Text[] row = new Help.Ansi.Text[columns.length];
                for (int c = 0; c < last; c++) {
                    row[c] = r == 0 ? cellValues[0][c] : colorScheme().text("");
                }
                row[last] = colorScheme().text(wrapped.get(r));
                rows[r] = row;
            }
            super.layout(arg, rows);
        }
    }

    private static String footer(Help help) {
        String[] footer = help.commandSpec().usageMessage().footer();
        int width = help.commandSpec().usageMessage().width();
        StringBuilder out = new StringBuilder();
        boolean continued = false;
        for (String raw : footer) {
            for (String line : unformat(raw).split("\n", -1)) {
                boolean shell = continued || isShellLine(line);
                for (String l : shell ? wrapShell(line, width) : wrapProse(line, width)) {
                    out.append(l).append(System.lineSeparator());
                }
                continued = line.endsWith("\\");
            }
        }
        return out.toString();
    }

    /** {@code %n} to a newline and {@code %%} to {@code %}; any other {@code %} stays as it is. */
    static String unformat(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 1 < s.length() && (s.charAt(i + 1) == 'n' || s.charAt(i + 1) == '%')) {
                b.append(s.charAt(i + 1) == 'n' ? '\n' : '%');
                i++;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isShellLine(String line) {
        String t = line.strip();
        return t.startsWith("mandate ") || t.startsWith("./mandate ") || t.contains(" mandate ") || t.startsWith("curl ")
                || t.startsWith("printf ") || t.startsWith("source ") || t.startsWith("eval ");
    }

    /** Wraps a shell command between words (quotes respected) with {@code \} continuations. */
    static List<String> wrapShell(String line, int width) {
        List<String> out = new ArrayList<>();
        if (line.length() <= width) {
            out.add(line);
            return out;
        }
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
            indent++;
        }
        String tail = "";
        String body = line;
        if (body.endsWith(" \\")) {
            tail = " \\";
            body = body.substring(0, body.length() - 2);
        }
        List<String> words = shellWords(body.substring(indent));
        String pad = " ".repeat(indent);
        String nextPad = " ".repeat(indent + CONTINUATION_INDENT);
        StringBuilder current = new StringBuilder(pad);
        boolean empty = true;
        for (String w : words) {
            if (!empty && current.length() + 1 + w.length() + 2 > width) {
                out.add(current.append(" \\").toString());
                current = new StringBuilder(nextPad);
                empty = true;
            }
            if (!empty) {
                current.append(' ');
            }
            current.append(w);
            empty = false;
        }
        out.add(current.append(tail).toString());
        return out;
    }

    /** Splits at spaces outside single and double quotes; the words keep their quotes. */
    static List<String> shellWords(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                w.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                w.append(c);
            } else if (c == ' ') {
                if (w.length() > 0) {
                    words.add(w.toString());
                    w.setLength(0);
                }
            } else {
                w.append(c);
            }
        }
        if (w.length() > 0) {
            words.add(w.toString());
        }
        return words;
    }

    private static List<String> wrapProse(String line, int width) {
        if (line.length() <= width) {
            return List.of(line);
        }
        Matcher m = HANGING.matcher(line);
        int hang;
        if (m.find()) {
            hang = m.group(1).length();
        } else {
            hang = 0;
            while (hang < line.length() && line.charAt(hang) == ' ') {
                hang++;
            }
        }
        String lead = line.substring(0, hang);
        List<String> out = new ArrayList<>();
        List<String> wrapped = wordWrap(line.substring(hang), Math.max(20, width - hang));
        for (int i = 0; i < wrapped.size(); i++) {
            out.add((i == 0 ? lead : " ".repeat(hang)) + wrapped.get(i));
        }
        return out;
    }

    private static List<String> wordWrap(String text, int width) {
        return wordWrap(text, width, width);
    }

    /** Greedy wrapping between words: the first line at most {@code first} wide, the others {@code rest}. */
    private static List<String> wordWrap(String text, int first, int rest) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String w : text.split(" ")) {
            int width = out.isEmpty() ? first : rest;
            if (current.length() > 0 && current.length() + 1 + w.length() > width) {
                out.add(current.toString());
                current.setLength(0);
            }
            if (current.length() > 0) {
                current.append(' ');
            }
            current.append(w);
        }
        out.add(current.toString());
        return out;
    }
}
