package dev.mandate.vc.verify;

import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.model.Credential;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidityPeriodTest {

    static Credential vc(String dates) throws Exception {
        return new Credential(BoundedJson.parseObject("{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], "
                + "\"type\": \"VerifiableCredential\", \"issuer\": \"did:example:i\", \"credentialSubject\": {\"id\": \"did:example:s\"}"
                + dates + "}"));
    }

    static Credential vc11(String dates) throws Exception {
        return new Credential(BoundedJson.parseObject("{\"@context\": [\"https://www.w3.org/2018/credentials/v1\"], "
                + "\"type\": \"VerifiableCredential\", \"issuer\": \"did:example:i\", \"credentialSubject\": {\"id\": \"did:example:s\"}"
                + dates + "}"));
    }

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void withinThePeriodIsValid() throws Exception {
        Credential c = vc(", \"validFrom\": \"2025-06-01T11:55:00Z\", \"validUntil\": \"2025-06-01T12:05:00Z\"");
        assertEquals(List.of(), ValidityPeriod.check(c, NOW, Duration.ZERO));
        assertEquals(List.of(), ValidityPeriod.check(vc(""), NOW, Duration.ZERO));
    }

    @Test
    void notYetValid() throws Exception {
        Credential c = vc(", \"validFrom\": \"2025-06-01T12:00:30Z\"");
        List<Problem> p = ValidityPeriod.check(c, NOW, Duration.ZERO);
        assertEquals(1, p.size());
        assertEquals(ErrorType.VALIDITY_PERIOD_ERROR, p.get(0).type());
        assertEquals("/validFrom", p.get(0).path());
        assertEquals("credential is not yet valid: validFrom is 2025-06-01T12:00:30Z, verification time is 2025-06-01T12:00:00Z",
                p.get(0).message());
        // a 30 s skew tolerates it, 29 s does not
        assertEquals(List.of(), ValidityPeriod.check(c, NOW, Duration.ofSeconds(30)));
        assertEquals(1, ValidityPeriod.check(c, NOW, Duration.ofSeconds(29)).size());
    }

    @Test
    void expired() throws Exception {
        Credential c = vc(", \"validUntil\": \"2025-06-01T06:59:59-05:00\"");
        List<Problem> p = ValidityPeriod.check(c, NOW, Duration.ZERO);
        assertEquals(1, p.size());
        assertEquals("/validUntil", p.get(0).path());
        assertTrue(p.get(0).message().startsWith("credential has expired: validUntil is 2025-06-01T11:59:59Z"), p.get(0).message());
        assertEquals(List.of(), ValidityPeriod.check(c, NOW, Duration.ofSeconds(1)));
    }

    @Test
    void boundsAreInclusive() throws Exception {
        Credential c = vc(", \"validFrom\": \"2025-06-01T12:00:00Z\", \"validUntil\": \"2025-06-01T12:00:00Z\"");
        assertEquals(List.of(), ValidityPeriod.check(c, NOW));
        assertEquals(2, ValidityPeriod.check(vc(", \"validFrom\": \"2025-06-01T12:00:00.001Z\", \"validUntil\": \"2025-06-01T11:59:59.999Z\""), NOW).size());
    }

    @Test
    void vc11IssuanceAndExpiration() throws Exception {
        assertEquals("/issuanceDate", ValidityPeriod.check(vc11(", \"issuanceDate\": \"2025-06-02T00:00:00\""), NOW).get(0).path());
        assertEquals("/expirationDate", ValidityPeriod.check(vc11(", \"issuanceDate\": \"2025-01-01T00:00:00Z\", "
                + "\"expirationDate\": \"2025-05-31T00:00:00Z\""), NOW).get(0).path());
        assertEquals(List.of(), ValidityPeriod.check(vc11(", \"issuanceDate\": \"2025-01-01T00:00:00Z\", "
                + "\"expirationDate\": \"2026-01-01T00:00:00Z\""), NOW));
    }

    @Test
    void malformedDatesFailClosed() throws Exception {
        List<Problem> p = ValidityPeriod.check(vc(", \"validUntil\": \"soon\""), NOW, Duration.ofMinutes(5));
        assertEquals(1, p.size());
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, p.get(0).type());
        assertEquals("/validUntil", p.get(0).path());
        // VC 2.0 requires a time zone on validFrom/validUntil
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR,
                ValidityPeriod.check(vc(", \"validFrom\": \"2025-01-01T00:00:00\""), NOW).get(0).type());
    }

    @Test
    void hugeSkewDoesNotOverflow() throws Exception {
        Credential c = vc(", \"validFrom\": \"4023-02-26T01:02:58.447Z\"");
        assertEquals(1, ValidityPeriod.check(c, NOW, Duration.ofDays(365)).size());
        assertEquals(List.of(), ValidityPeriod.check(c, Instant.MAX, Duration.ofSeconds(Long.MAX_VALUE)));
        assertThrows(IllegalArgumentException.class, () -> ValidityPeriod.check(c, NOW, Duration.ofSeconds(-1)));
    }

    @Test
    void theWindowAdmitsExactlyTheInstantsCheckFindsNothingAt() throws Exception {
        Duration skew = Duration.ofSeconds(5);
        List<Credential> credentials = List.of(
                vc(", \"validFrom\": \"2025-06-01T11:55:00Z\", \"validUntil\": \"2025-06-01T12:05:00.5+01:00\""),
                vc(", \"validFrom\": \"2025-06-01T11:55:00Z\", \"issuanceDate\": \"2025-06-01T11:56:00Z\", "
                        + "\"validUntil\": \"2025-06-01T12:05:00Z\", \"expirationDate\": \"2025-06-01T12:04:00Z\""),
                vc11(", \"issuanceDate\": \"2025-06-01T11:55:00\", \"expirationDate\": \"2025-06-01T12:05:00\""), // no zone: UTC
                vc(", \"validUntil\": \"2025-06-01T12:05:00Z\""),
                vc(""));
        for (Credential c : credentials) {
            ValidityPeriod.Window w = ValidityPeriod.window(c, skew).orElseThrow();
            for (Instant bound : List.of(w.from(), w.until(), NOW)) {
                if (bound.equals(Instant.MIN) || bound.equals(Instant.MAX)) {
                    continue;
                }
                for (Instant t : List.of(bound.minusNanos(1), bound, bound.plusNanos(1))) {
                    assertEquals(ValidityPeriod.check(c, t, skew).isEmpty(), w.contains(t), c.json() + " at " + t);
                }
            }
        }
        ValidityPeriod.Window unbounded = ValidityPeriod.window(vc(""), skew).orElseThrow();
        assertEquals(new ValidityPeriod.Window(Instant.MIN, Instant.MAX), unbounded);
    }

    @Test
    void aDateThatCannotBeReadHasNoWindow() throws Exception {
        // check reports it; the window must not pretend to know
        Credential c = vc(", \"validFrom\": \"2025-06-01T11:55:00\""); // VC 2.0 requires a time zone
        assertTrue(ValidityPeriod.window(c, Duration.ZERO).isEmpty());
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, ValidityPeriod.check(c, NOW, Duration.ZERO).get(0).type());
        assertThrows(IllegalArgumentException.class, () -> ValidityPeriod.window(vc(""), Duration.ofSeconds(-1)));
    }
}
