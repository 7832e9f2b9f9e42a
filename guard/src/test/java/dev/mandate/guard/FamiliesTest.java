package dev.mandate.guard;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FamiliesTest {
    @Test
    void idsBecomeWildcards() {
        assertEquals("https://erp.example.com/purchase-orders/*", Families.of("https://erp.example.com/purchase-orders/42"));
        assertEquals("https://erp.example.com/purchase-orders/*/lines/*", Families.of("https://erp.example.com/purchase-orders/42/lines/7"));
        assertEquals("https://ci.example.com/runs/*", Families.of("https://ci.example.com/runs/3f2b9c1e-0a4d-4e55-9a0b-1c2d3e4f5a6b"));
        assertEquals("https://erp.example.com/invoices/*", Families.of("https://erp.example.com/invoices/INV-2026-00042"));
    }

    @Test
    void namesStay() {
        assertEquals("https://api.example.com/services/billing-api/logs", Families.of("https://api.example.com/v1/services/billing-api/logs"));
        assertEquals("https://erp.example.com/suppliers", Families.of("https://ERP.example.com/suppliers?page=2"));
        assertEquals("https://erp.example.com/", Families.of("https://erp.example.com"));
        assertEquals("https://erp.example.com", Families.origin("https://erp.example.com/suppliers/1"));
    }

    @Test
    void anApiVersionIsNotANewResource() {
        assertEquals(Families.of("https://erp.example.com/purchase-orders/42"), Families.of("https://erp.example.com/v2/purchase-orders/7"));
        assertEquals(Families.of("https://erp.example.com/api/v1/orders"), Families.of("https://erp.example.com/api/V2.1/orders"));
        assertEquals("https://erp.example.com/", Families.of("https://erp.example.com/v2"));
        // only a version segment: "v2-admin" and "vault" stay names
        assertEquals("https://erp.example.com/v2-admin/export", Families.of("https://erp.example.com/v2-admin/export"));
        assertEquals("https://erp.example.com/vault", Families.of("https://erp.example.com/vault"));
        // a numbered series of names is one family; a short name with a digit is not a series
        assertEquals("https://infra.example.org/hosts/node-*/logs", Families.of("https://infra.example.org/hosts/node-20/logs"));
        assertEquals(Families.of("https://x.example/shard_3"), Families.of("https://x.example/shard_9"));
        assertEquals("https://x.example/s3", Families.of("https://x.example/s3"));
        assertEquals("https://x.example/a-1", Families.of("https://x.example/a-1"));
    }

    @Property
    void newIdsNeverMakeANewFamily(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int a, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int b,
                                   @ForAll @AlphaChars @StringLength(min = 1, max = 7) String kind) {
        assertEquals(Families.of("https://x.example/" + kind + "/" + a), Families.of("https://x.example/" + kind + "/" + b));
    }

    @Property
    void familiesAreStable(@ForAll @AlphaChars @StringLength(min = 1, max = 12) String kind, @ForAll @IntRange(min = 0) int id) {
        String f = Families.of("https://x.example/" + kind + "/" + id + "/items");
        assertEquals(f, Families.of(f.replace("*", "1")));
    }
}
