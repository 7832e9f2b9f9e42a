package dev.mandate.vc.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * XML Schema 1.1 {@code dateTimeStamp} (a date-time with a mandatory time zone), as required for
 * {@code validFrom} and {@code validUntil} in VC Data Model 2.0 and for {@code created} and
 * {@code expires} in Data Integrity, plus the looser {@code dateTime} (time zone optional, read as
 * UTC) of VC Data Model 1.1's {@code issuanceDate} and {@code expirationDate}.
 *
 * <p>The syntax is the regular expression of VC Data Model 2.0 section 5.8; on top of it, the day
 * must exist in its month (XML Schema's day-of-month constraint), so {@code 2023-02-30T00:00:00Z}
 * is refused. {@code 24:00:00} means the first instant of the next day. Nothing here throws for bad
 * input.
 */
public final class DateTimeStamp {
    /** VC Data Model 2.0 section 5.8: the XML Schema 1.1 dateTimeStamp lexical space. */
    public static final Pattern DATE_TIME_STAMP = Pattern.compile(
            "-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
                    + "T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?|(24:00:00(\\.0+)?))"
                    + "(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))");

    /** The same with the time zone optional: XML Schema dateTime. */
    public static final Pattern DATE_TIME = Pattern.compile(
            "-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
                    + "T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?|(24:00:00(\\.0+)?))"
                    + "(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?");

    private static final Pattern PARTS = Pattern.compile(
            "(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})?");

    private DateTimeStamp() {}

    /**
     * {@return true if {@code value} is a valid dateTimeStamp naming a real day (time zone required)}
     *
     * @param value the text; null gives false
     */
    public static boolean isValid(String value) {
        return parse(value).isPresent();
    }

    /**
     * {@return the instant of a dateTimeStamp (time zone required), or empty if it is not one}
     *
     * @param value the text; null gives empty
     */
    public static Optional<Instant> parse(String value) {
        if (value == null || value.length() > 64 || !DATE_TIME_STAMP.matcher(value).matches()) {
            return Optional.empty();
        }
        return toInstant(value);
    }

    /**
     * {@return the instant of an XML Schema dateTime whose time zone is optional (VC 1.1 {@code issuanceDate}, {@code
     * expirationDate}); without a time zone the value is read as UTC, as VC Data Model 2.0 section 5.8 prescribes}
     * Empty if it is not a dateTime.
     *
     * @param value the text; null gives empty
     */
    public static Optional<Instant> parseDateTime(String value) {
        if (value == null || value.length() > 64 || !DATE_TIME.matcher(value).matches()) {
            return Optional.empty();
        }
        return toInstant(value);
    }

    /**
     * {@code instant} as a dateTimeStamp in UTC, with fractional seconds only when present.
     *
     * @param instant the instant
     * @return the dateTimeStamp text
     */
    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static Optional<Instant> toInstant(String value) {
        Matcher m = PARTS.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            long year = Long.parseLong(m.group(1));
            if (year < -999_999_999L || year > 999_999_999L) {
                return Optional.empty();
            }
            int month = Integer.parseInt(m.group(2));
            int day = Integer.parseInt(m.group(3));
            int hour = Integer.parseInt(m.group(4));
            int minute = Integer.parseInt(m.group(5));
            int second = Integer.parseInt(m.group(6));
            String fraction = m.group(7);
            int nanos = 0;
            if (fraction != null) {
                String nine = (fraction + "000000000").substring(0, 9);
                nanos = Integer.parseInt(nine);
            }
            LocalDate date = LocalDate.of((int) year, month, day); // refuses days that do not exist
            long seconds;
            if (hour == 24) {
                seconds = date.plusDays(1).toEpochDay() * 86_400L;
            } else {
                seconds = date.toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
            }
            String tz = m.group(8);
            if (tz != null && !"Z".equals(tz)) {
                int sign = tz.charAt(0) == '-' ? -1 : 1;
                int offH = Integer.parseInt(tz.substring(1, 3));
                int offM = Integer.parseInt(tz.substring(4, 6));
                ZoneOffset.ofHoursMinutes(sign * offH, sign * offM); // validates the range
                seconds -= sign * (offH * 3_600L + offM * 60L);
            }
            return Optional.of(Instant.ofEpochSecond(seconds, nanos));
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
