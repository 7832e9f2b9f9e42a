package dev.mandate.cli.vc;

import dev.mandate.cli.CliException;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading bounded inputs (a file or {@code -} for stdin) and parsing option values for the vc commands. */
public final class Inputs {
    /** Largest input file read by the vc commands. */
    public static final int MAX_INPUT = 16 * 1024 * 1024;
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Inputs() {
    }

    /** Reads a file (or stdin for {@code -}) as UTF-8 text, refusing more than {@link #MAX_INPUT} bytes. */
    public static String read(String file, InputStream stdin) {
        try (InputStream in = "-".equals(file) ? stdin : Files.newInputStream(Path.of(file))) {
            byte[] data = in.readNBytes(MAX_INPUT + 1);
            if (data.length > MAX_INPUT) {
                throw CliException.usage(file, "input larger than " + MAX_INPUT + " bytes", "pass a smaller document");
            }
            return new String(data, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.usage(file, "cannot read: " + CliException.describeIo(e), "check the path", e);
        }
    }

    /** Reads and parses a JSON object (bounded size and depth). */
    public static JsonObject readObject(String file, InputStream stdin) {
        String text = read(file, stdin);
        try {
            return BoundedJson.parseObject(text, BoundedJson.Limits.DEFAULT.withMaxBytes(MAX_INPUT));
        } catch (JsonInputException e) {
            throw CliException.usage(file, e.getMessage(), "pass a JSON credential", e);
        }
    }

    /** Parses {@code 3s}, {@code 5m}, {@code 2h}, {@code 1d}, {@code 250ms} or ISO-8601 {@code PT5M}. */
    public static Duration duration(String option, String text) {
        Matcher m = SIMPLE_DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (!d.isZero()) {
                return d;
            }
        } else {
            try {
                Duration d = Duration.parse(text.trim());
                if (!d.isNegative() && !d.isZero()) {
                    return d;
                }
            } catch (DateTimeParseException ignored) {
                // fall through to the error below
            }
        }
        throw CliException.usage(option + " " + CliException.shorten(text), "not a positive duration",
                "write it like 30s, 5m, 2h, 1d or PT5M");
    }
}
