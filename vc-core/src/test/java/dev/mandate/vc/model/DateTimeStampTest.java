package dev.mandate.vc.model;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DateTimeStampTest {

    @ParameterizedTest
    @CsvSource({
            "2023-02-26T01:02:58.447Z, 2023-02-26T01:02:58.447Z",
            "2023-02-25T19:10:39-06:00, 2023-02-26T01:10:39Z",
            "2023-02-25T19:21:29-06:00, 2023-02-26T01:21:29Z",
            "2023-02-26T10:00:00+14:00, 2023-02-25T20:00:00Z",
            "4023-02-26T01:02:58.447Z, 4023-02-26T01:02:58.447Z",
            "2024-02-29T00:00:00Z, 2024-02-29T00:00:00Z",
            "2000-02-29T00:00:00Z, 2000-02-29T00:00:00Z",
            "2023-12-31T24:00:00Z, 2024-01-01T00:00:00Z",
            "2023-12-31T24:00:00.000+01:00, 2023-12-31T23:00:00Z",
            "2023-01-01T00:00:00.1234567891Z, 2023-01-01T00:00:00.123456789Z",
            "0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z",
    })
    void parsesDateTimeStamps(String value, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), DateTimeStamp.parse(value));
        assertTrue(DateTimeStamp.isValid(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2023-02-26T01:02:58",            // no time zone
            "2023-02-30T00:00:00Z",           // no such day
            "2023-02-29T00:00:00Z",           // not a leap year
            "1900-02-29T00:00:00Z",           // divisible by 100, not by 400
            "2023-04-31T00:00:00Z",
            "2023-01-01T25:00:00Z",
            "2023-01-01T24:00:01Z",
            "2023-01-01T00:00:60Z",           // leap seconds are not in the lexical space
            "2023-01-01T00:00:00+14:01",
            "2023-01-01T00:00:00+15:00",
            "2023-1-01T00:00:00Z",
            "2023-01-01 00:00:00Z",
            "2023-01-01t00:00:00z",
            "2023-01-01T00:00:00.Z",
            "02023-01-01T00:00:00Z",          // leading zero in a 5-digit year
            "Sat 25 Feb 2023 07:16:31 PM CST",
            "Sun, 26 Feb 2023 01:22:14 +0000",
            "",
            " 2023-01-01T00:00:00Z",
            "2023-01-01T00:00:00Z ",
    })
    void refusesOtherStrings(String value) {
        assertEquals(Optional.empty(), DateTimeStamp.parse(value));
        assertFalse(DateTimeStamp.isValid(value));
    }

    @ParameterizedTest
    @CsvSource({
            "2023-02-26T01:02:58, 2023-02-26T01:02:58Z",
            "2010-01-01T19:23:24Z, 2010-01-01T19:23:24Z",
            "2010-01-01T19:23:24+02:00, 2010-01-01T17:23:24Z",
    })
    void dateTimeReadsMissingZoneAsUtc(String value, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), DateTimeStamp.parseDateTime(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-30T00:00:00", "2023-02-26", "yesterday", "1000000000-01-01T00:00:00Z"})
    void dateTimeRefusesNonDates(String value) {
        assertEquals(Optional.empty(), DateTimeStamp.parseDateTime(value));
    }

    @Property(tries = 500)
    void formatThenParseRoundTrips(@ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long seconds,
                                   @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
        Instant t = Instant.ofEpochSecond(seconds, nanos);
        String s = DateTimeStamp.format(t);
        assertTrue(DateTimeStamp.DATE_TIME_STAMP.matcher(s).matches(), s);
        assertEquals(Optional.of(t), DateTimeStamp.parse(s));
    }
}
