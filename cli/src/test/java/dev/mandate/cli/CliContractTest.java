package dev.mandate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The contract every command keeps: help with an example, usage errors exit 2 on one line, no stack traces. */
class CliContractTest {
    @TempDir
    Path dir;

    static Stream<List<String>> allCommands() {
        List<List<String>> names = new ArrayList<>();
        collect(Mandate.commandLine(new CliHarness(Path.of("/nonexistent")).environment()), new ArrayList<>(), names);
        return names.stream();
    }

    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
        out.add(List.copyOf(prefix));
        cl.getSubcommands().forEach((name, sub) -> {
            if (!"help".equals(name)) {
                List<String> p = new ArrayList<>(prefix);
                p.add(name);
                collect(sub, p, out);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("allCommands")
    void everyCommandHasHelpWithAnExample(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        CliHarness.Result r = new CliHarness(dir).run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Usage: mandate" + (command.isEmpty() ? "" : " " + String.join(" ", command))), r.out());
        assertTrue(r.out().contains("Example"), "help shows an example: " + r.out());
        assertTrue(r.out().contains("  mandate "), r.out());
        assertEquals("", r.err());
    }

    @Test
    void aCommandIsRequired() {
        CliHarness.Result r = new CliHarness(dir).run();
        assertEquals(ExitCode.USAGE, r.exit());
        assertEquals("", r.out());
        assertEquals("mandate: mandate: a command is required (key, did, demo); see 'mandate --help'", r.err().strip());
    }

    @Test
    void unknownOptionsAndCommandsAreUsageErrorsOnOneLine() {
        CliHarness h = new CliHarness(dir);
        CliHarness.Result r = h.run("key", "generat");
        assertEquals(ExitCode.USAGE, r.exit(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("mandate: mandate key: "), r.err());
        assertTrue(r.err().contains("did you mean generate"), r.err()); // first of the suggestions (rename is close too)

        r = h.run("key", "list", "--frobnicate");
        assertEquals(ExitCode.USAGE, r.exit());
        assertTrue(r.err().contains("Unknown option: '--frobnicate'"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void missingRequiredOptionsExit2() {
        CliHarness.Result r = new CliHarness(dir).run("key", "generate", "--type", "Ed25519");
        assertEquals(ExitCode.USAGE, r.exit());
        assertEquals("mandate: mandate key generate: Missing required option: '--name=NAME'; see 'mandate key generate --help'",
                r.err().strip());
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliHarness h = new CliHarness(dir);
        CliHarness.Result quiet = h.run("key", "list");
        assertEquals(ExitCode.NEGATIVE, quiet.exit());
        assertEquals(1, quiet.err().lines().count(), quiet.err());
        CliHarness.Result verbose = h.run("key", "list", "--verbose");
        assertEquals(ExitCode.NEGATIVE, verbose.exit());
        assertTrue(verbose.err().lines().count() > 3, verbose.err());
        assertTrue(verbose.err().contains("\tat dev.mandate."), verbose.err());
        CliHarness.Result verboseFirst = h.run("--verbose", "key", "frob");
        assertTrue(verboseFirst.err().contains("\tat picocli."), verboseFirst.err());
    }

    @Test
    void anUnexpectedExceptionIsAnInternalErrorWithExit3AndOneLine() throws Exception {
        java.io.StringWriter err = new java.io.StringWriter();
        CliHarness h = new CliHarness(dir);
        CommandLine cl = Mandate.commandLine(h.environment(new java.io.StringWriter(), err));
        CommandLine.ParseResult pr = cl.parseArgs("key", "list");
        int code = new ErrorHandler().handleExecutionException(new IllegalStateException("boom\nsecond line"),
                cl.getSubcommands().get("key").getSubcommands().get("list"), pr);
        assertEquals(ExitCode.DEPENDENCY, code);
        assertEquals("mandate: mandate key list: internal error: java.lang.IllegalStateException: boom;"
                + " rerun with --verbose and report it", err.toString().strip());
    }

    @Test
    void cliExceptionsFormatAndSanitize() {
        CliException e = CliException.usage("in\u0007put", "what\nis wrong", "do this");
        assertEquals("mandate: in?put: what?is wrong; do this", e.line());
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(ExitCode.NEGATIVE, CliException.negative("a", "b", "c").exitCode());
        assertEquals(ExitCode.DEPENDENCY, CliException.dependency("a", "b", "c", null).exitCode());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CliException(0, "a", "b", "c"));
        assertTrue(CliException.shorten("x".repeat(1000)).length() < 210);
    }

    @Test
    void versionIsTheProjectVersion() {
        CliHarness.Result r = new CliHarness(dir).run("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("mandate 0.1.0"), r.out());
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheSubcommand() {
        CliHarness h = new CliHarness(dir);
        h.env.remove(CliEnvironment.KEYSTORE_VAR);
        Path a = dir.resolve("a.ks");
        Path b = dir.resolve("b.ks");
        assertEquals(0, h.run("--keystore", a.toString(), "key", "generate", "--type", "Ed25519", "--name", "x").exit());
        assertEquals(0, h.run("key", "generate", "--type", "Ed25519", "--name", "y", "--keystore", b.toString()).exit());
        assertTrue(a.toFile().isFile());
        assertTrue(b.toFile().isFile());
    }

    @Test
    void errorLinesNeutralizeControlCharactersInInput() {
        CliHarness.Result r = new CliHarness(dir).run("key", "export", "--name", "bad\u001b[31mname");
        assertEquals(ExitCode.USAGE, r.exit());
        assertFalse(r.err().contains("\u001b"), r.err());
        assertTrue(r.err().contains("bad?[31mname"), r.err());
    }
}
