package dev.mandate.vc.verifier;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link VerifyOptions}' withers refuse "absent" spelled as a value (a null or empty challenge or domain, a null time)
 * with a one-line message naming the part, instead of reading it as "expect none" / "now"; options that expect none
 * simply do not set the part, and a wither leaves the options it is called on unchanged.
 */
class VerifyOptionsRefuseBadInputTest {

    @Test
    void absentIsNotSpelledAsAValue() {
        VerifyOptions none = VerifyOptions.none();
        assertEquals("challenge", assertThrows(NullPointerException.class, () -> none.withChallenge(null)).getMessage());
        assertEquals("domain", assertThrows(NullPointerException.class, () -> none.withDomain(null)).getMessage());
        assertEquals("at", assertThrows(NullPointerException.class, () -> none.at(null)).getMessage());
        assertEquals("challenge must not be empty; leave it unset to expect none",
                assertThrows(IllegalArgumentException.class, () -> none.withChallenge("")).getMessage());
        assertEquals("domain must not be empty; leave it unset to expect none",
                assertThrows(IllegalArgumentException.class, () -> none.withDomain("")).getMessage());
    }

    @Test
    void partsNotSetAreAbsentAndWithersGiveNewOptions() {
        Instant t = Instant.parse("2026-03-01T08:00:00Z");
        VerifyOptions none = VerifyOptions.none();
        VerifyOptions all = none.withChallenge("c-1").withDomain("supplier.example").at(t);
        assertEquals(Optional.empty(), none.challenge());
        assertEquals(Optional.empty(), none.domain());
        assertEquals(Optional.empty(), none.time());
        assertEquals(Optional.of("c-1"), all.challenge());
        assertEquals(Optional.of("supplier.example"), all.domain());
        assertEquals(Optional.of(t), all.time());
    }
}
