package dev.mandate.cli;

import dev.mandate.did.keystore.EncryptedKeyStore;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@code mandate} in-process with an injected environment, captured stdout/stderr, scripted
 * prompt answers and the fast key-store iteration count.
 */
final class CliHarness {
    static final String PASSPHRASE = "test passphrase 1234";

    final Map<String, String> env = new HashMap<>();
    final Deque<String> promptAnswers = new ArrayDeque<>();
    final List<String> prompts = new ArrayList<>();
    final Path home;
    final Path workDir;
    boolean terminal;
    String stdin = "";

    CliHarness(Path dir) {
        this.home = dir.resolve("home");
        this.workDir = dir.resolve("cwd");
        env.put(CliEnvironment.KEYSTORE_VAR, dir.resolve("keystore").toString());
        env.put(CliEnvironment.PASSPHRASE_VAR, PASSPHRASE);
    }

    Path keystore() {
        return Path.of(env.get(CliEnvironment.KEYSTORE_VAR));
    }

    CliEnvironment environment() {
        return environment(new StringWriter(), new StringWriter());
    }

    CliEnvironment environment(StringWriter out, StringWriter err) {
        PassphrasePrompt prompt = p -> {
            prompts.add(p);
            if (!terminal) {
                return Optional.empty();
            }
            String a = promptAnswers.poll();
            return Optional.of(a == null ? new char[0] : a.toCharArray());
        };
        return new CliEnvironment(workDir, env, home, new PrintWriter(out), new PrintWriter(err),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), prompt,
                EncryptedKeyStore.MIN_ITERATION_COUNT);
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Mandate.run(environment(out, err), args);
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int exit, String out, String err) {
        JsonObject json() {
            try (JsonReader r = Json.createReader(new StringReader(out))) {
                return r.readObject();
            }
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
