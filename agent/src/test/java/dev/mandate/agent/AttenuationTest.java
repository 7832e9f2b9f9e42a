package dev.mandate.agent;

import dev.mandate.vc.json.BoundedJson;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static dev.mandate.agent.Fixtures.cap;
import static dev.mandate.agent.Fixtures.cons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttenuationTest {
    static final String R = "https://api.example/orders/";

    @Test
    void tighterConstraintsAreWithinLooserOnes() throws Exception {
        Capability parent = cap("pay", R, cons().methods("POST", "PUT").maxAmount(new BigDecimal("500"), "EUR").ratePerMinute(10)
                .timeOfDay(TimeWindow.parse("08:00-18:00")).dataClassification("confidential").audience("did:web:a", "did:web:b").build());
        Capability child = cap("pay", R + "7", cons().methods("POST").maxAmount(new BigDecimal("499.99"), "EUR").ratePerMinute(5)
                .timeOfDay(TimeWindow.parse("09:00-10:00")).dataClassification("internal").audience("did:web:a").build());
        assertTrue(parent.covers(child));
        assertFalse(child.covers(parent));
    }

    @Test
    void eachLooserConstraintIsAnEscalation() throws Exception {
        Constraints base = cons().methods("GET").maxAmount(new BigDecimal("10"), "EUR").ratePerMinute(5)
                .timeOfDay(TimeWindow.parse("22:00-06:00")).dataClassification("internal").audience("did:web:a").build();
        Capability parent = cap("read", R, base);
        String[][] cases = {
                {"methods", "methods"}, {"amount", "maxAmount 11"}, {"currency", "currency USD"}, {"rate", "ratePerMinute 6"},
                {"time", "timeOfDay 05:00-07:00"}, {"class", "dataClassification confidential"}, {"aud", "audience"},
                {"dropAmount", "drops maxAmount"}, {"dropRate", "drops ratePerMinute"}, {"dropAud", "drops the audience"}};
        for (String[] c : cases) {
            Constraints.Builder b = base.toBuilder();
            Constraints child = switch (c[0]) {
                case "methods" -> b.methods("POST").build();
                case "amount" -> b.maxAmount(new BigDecimal("11"), "EUR").build();
                case "currency" -> b.maxAmount(new BigDecimal("1"), "USD").build();
                case "rate" -> b.ratePerMinute(6).build();
                case "time" -> b.timeOfDay(TimeWindow.parse("05:00-07:00")).build();
                case "class" -> b.dataClassification("confidential").build();
                case "aud" -> b.audience("did:web:b").build();
                case "dropAmount" -> without(base, "maxAmount");
                case "dropRate" -> without(base, "ratePerMinute");
                default -> without(base, "audience");
            };
            String why = parent.whyNotCovering(cap("read", R, child)).orElseThrow(() -> new AssertionError(c[0] + " was allowed"));
            assertTrue(why.contains(c[1].split(" ")[0]), c[0] + ": " + why);
        }
        assertTrue(parent.whyNotCovering(cap("write", R, base)).orElseThrow().contains("action"));
        assertTrue(parent.whyNotCovering(cap("read", "https://api.example/", base)).orElseThrow().contains("resource"));
    }

    static Constraints without(Constraints c, String member) throws CapabilityException {
        JsonObject j = CapabilityJson.constraintsToJson(c);
        JsonObject o = dev.mandate.vc.json.Jsonp.PROVIDER.createObjectBuilder(j).remove(member)
                .remove("maxAmount".equals(member) ? "currency" : member).build();
        return CapabilityJson.parseConstraints(o);
    }

    @Test
    void timeWindowsWrapMidnight() throws Exception {
        TimeWindow night = TimeWindow.parse("22:00-06:00");
        assertTrue(night.covers(TimeWindow.parse("23:00-01:00")));
        assertFalse(night.covers(TimeWindow.parse("05:00-07:00")));
        assertTrue(night.contains(java.time.Instant.parse("2026-01-01T02:59:00Z")));
        assertFalse(night.contains(java.time.Instant.parse("2026-01-01T06:00:00Z")));
        assertThrows(CapabilityException.class, () -> TimeWindow.parse("24:00-01:00"));
    }

    @Test
    void strictParsingRefusesUnknownConstraintsAndHalfAmounts() {
        assertThrows(CapabilityException.class, () -> CapabilityJson.parseConstraints(json("{\"maxRequests\":5}")));
        assertThrows(CapabilityException.class, () -> CapabilityJson.parseConstraints(json("{\"maxAmount\":\"5\"}")));
        assertThrows(CapabilityException.class, () -> CapabilityJson.parseConstraints(json("{\"maxAmount\":\"-5\",\"currency\":\"EUR\"}")));
        assertThrows(CapabilityException.class, () -> CapabilityJson.parseConstraints(json("{\"methods\":[]}")));
        assertThrows(CapabilityException.class, () -> CapabilityJson.parseCapability(json("{\"action\":\"Pay\",\"resource\":\"https://a.example/\"}")));
    }

    @Test
    void bundledSampleCredentialParsesAndRoundTrips() throws Exception {
        JsonObject sample;
        try (InputStream in = dev.mandate.vc.issuer.Issuer.class.getResourceAsStream("/dev/mandate/vc/issuer/agent-capability-credential.json")) {
            sample = BoundedJson.parseObject(in);
        }
        JsonObject withIssuer = dev.mandate.vc.json.Jsonp.PROVIDER.createObjectBuilder(sample).add("issuer", "did:web:org.example").build();
        CapabilityCredential c = CapabilityCredential.parseUnverified(withIssuer);
        assertEquals(2, c.capabilities().size());
        assertEquals(new BigDecimal("500.00"), c.capabilities().get(0).constraints().maxAmount().orElseThrow());
        assertEquals("spiffe://example.com/agents/procurement", c.workload().workloadId().orElseThrow());
        assertEquals(c.capabilities(), CapabilityJson.parseCapabilities(CapabilityJson.toJson(c.capabilities())));
    }

    @Test
    void schemaNamesEveryConstraintTheParserAccepts() throws Exception {
        String schema;
        try (InputStream in = CapabilityJson.class.getResourceAsStream("/dev/mandate/agent/agent-subject.schema.json")) {
            schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JsonObject s = BoundedJson.parseObject(schema);
        JsonObject props = s.getJsonObject("$defs").getJsonObject("constraints").getJsonObject("properties");
        assertEquals(java.util.Set.of("methods", "maxAmount", "currency", "ratePerMinute", "timeOfDay", "dataClassification", "audience"), props.keySet());
    }

    static JsonObject json(String s) {
        try {
            return BoundedJson.parseObject(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

}
