package dev.mandate.cli.vc;

import dev.mandate.cli.CliEnvironment;
import dev.mandate.cli.CliException;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading bounded inputs (a file relative to the working directory, or {@code -} for stdin) and parsing option values for the vc commands. */
public final class Inputs {
    /** Largest input file read by the vc commands. */
    public static final int MAX_INPUT = 16 * 1024 * 1024;

    private Inputs() {
    }

    /** Reads a file (or stdin for {@code -}) as UTF-8 text, refusing more than {@link #MAX_INPUT} bytes. */
    public static String read(String file, CliEnvironment env) {
        try (InputStream in = "-".equals(file) ? env.in() : Files.newInputStream(env.resolve(Path.of(file)))) {
            byte[] data = in.readNBytes(MAX_INPUT + 1);
            if (data.length > MAX_INPUT) {
                throw CliException.usage(file, "input larger than " + MAX_INPUT + " bytes", "pass a smaller document");
            }
            return new String(data, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.usage(file, "cannot read: " + CliException.describeIo(e), "check the path", e);
        }
    }

    /** Reads and parses a JSON object (bounded size and depth); a failure asks for a JSON credential. */
    public static JsonObject readObject(String file, CliEnvironment env) {
        return readObject(file, env, "a JSON credential");
    }

    /**
     * Reads and parses a JSON object (bounded size and depth).
     *
     * @param what what the file should hold, for the error's remedy ("pass " + what), e.g. "the output of 'mandate audit prove'"
     */
    public static JsonObject readObject(String file, CliEnvironment env, String what) {
        String text = read(file, env);
        if (text.isBlank()) {
            throw CliException.usage(file, "the file is empty", "pass " + what);
        }
        try {
            return BoundedJson.parseObject(text, BoundedJson.Limits.DEFAULT.withMaxBytes(MAX_INPUT));
        } catch (JsonInputException e) {
            throw CliException.usage(file, e.getMessage(), "pass " + what, e);
        }
    }
}
