package dev.mandate.cli;

import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them on the command line: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, {@code PT5M}, or plain seconds. */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

    private Durations() {
    }

    /**
     * Parses a positive duration.
     *
     * @throws CliException exit 2 naming {@code option} if the text is not a positive duration
     */
    public static Duration parse(String option, String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        Duration d = null;
        Matcher m = SIMPLE.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else if (v.startsWith("p")) {
            try {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException ignored) {
                d = null; // reported below
            }
        }
        if (d == null || d.isNegative() || d.isZero()) {
            throw CliException.usage(option + " " + CliException.shorten(text), "not a positive duration",
                    "write it like 500ms, 30s, 5m, 2h, 1d or PT5M");
        }
        return d;
    }

    /** Picocli converter for network timeouts: a positive duration of at most 10 minutes. */
    public static final class TimeoutConverter implements ITypeConverter<Duration> {
        static final Duration MAX = Duration.ofMinutes(10);

        @Override
        public Duration convert(String value) {
            Duration d;
            try {
                d = parse("--timeout", value);
            } catch (CliException e) {
                boolean zero = value.trim().matches("0+(ms|s|m|h|d)?|(?i)PT0+[SMH]");
                throw new CommandLine.TypeConversionException("'" + CliException.shorten(value)
                        + (zero ? "' must be more than 0 and at most 10 minutes" : "' is not a duration (use 500ms, 5s, 1m or PT5S)"));
            }
            if (d.compareTo(MAX) > 0) {
                throw new CommandLine.TypeConversionException("'" + CliException.shorten(value) + "' must be more than 0 and at most 10 minutes");
            }
            return d;
        }
    }
}
