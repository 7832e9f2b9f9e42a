package dev.mandate.guard.sim;

import dev.mandate.guard.Scope;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A traffic model written from a description of agent archetypes, not from the guard's rules: each agent's
 * calls are a Poisson process whose intensity follows its archetype's clock (minute by minute), with
 * independent choices of what to call. Archetypes, round-robin over the agents:
 * <ul>
 *   <li>{@code support}: weekdays 08-18 UTC with a 09:00 peak; every second one also works Saturday 10-14;</li>
 *   <li>{@code nightly-etl}: every night from 02:00 reads a manifest and ~3,000 export parts in ~20 minutes;</li>
 *   <li>{@code procurement}: a few calls an hour on weekdays 07-19, a few payments a day with amounts; its ERP
 *       moves to {@code /v2/} on day 5 and it starts using a new ratings endpoint on day 7;</li>
 *   <li>{@code on-call}: silent for days, then a 30-90 minute incident at any hour with bursts of calls;</li>
 *   <li>{@code ops-7d}: every day 06-22, less at weekends.</li>
 * </ul>
 * Injected on day 10 (the second Thursday; the Sunday one on day 13), each into a different agent: an ETL
 * export at 14:00 instead of 02:00, a support bot working at 03:00 on Sunday, 40 payments in 10 minutes, reads
 * outside the scope, a never-used admin export endpoint, bursts of denied deletes, and a low-and-slow export
 * of customer records. Starts Monday 2026-03-02.
 */
public final class ArchetypeModel {
    /** Monday 2026-03-02 00:00 UTC. */
    public static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    static final String[] ARCHETYPES = {"support", "nightly-etl", "procurement", "on-call", "ops-7d"};
    private static final long MIN = 60_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;

    private ArchetypeModel() {}

    /**
     * Generates labelled traffic; the same arguments always give the same traffic.
     *
     * @param seed   the random seed
     * @param agents how many agents, at least 5 (spread over the five archetypes)
     * @param days   how many days from {@link #START}, at least 1 (at least 14 for every injection)
     * @return the observations with the injected misbehaviours labelled
     * @throws IllegalArgumentException if there are fewer than 5 agents or no day
     */
    public static LabelledTraffic generate(long seed, int agents, int days) {
        if (agents < 5 || days < 1) throw new IllegalArgumentException("the archetype model needs at least 5 agents and 1 day");
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5eed_a11L);
        long start = START.toEpochMilli();
        TraceBuilder t = new TraceBuilder(START.plus(Duration.ofDays(days)));
        List<List<String>> byArch = new ArrayList<>();
        for (int i = 0; i < ARCHETYPES.length; i++) byArch.add(new ArrayList<>());
        for (int i = 0; i < agents; i++) {
            int a = i % ARCHETYPES.length;
            String id = String.format(Locale.ROOT, "did:example:a-%s-%02d", ARCHETYPES[a], i / ARCHETYPES.length + 1);
            byArch.get(a).add(id);
            SplittableRandom r = rnd.split();
            switch (a) {
                case 0 -> support(t, id, r, start, days, (i / ARCHETYPES.length) % 2 == 1);
                case 1 -> etl(t, id, r, start, days, -1);
                case 2 -> procurement(t, id, r, start, days);
                case 3 -> onCall(t, id, r, start, days);
                default -> ops(t, id, r, start, days);
            }
        }
        if (days >= 14) inject(t, byArch, rnd.split(), start);
        return t.build("archetypes", seed);
    }

    // ---- archetypes ----

    static final String CRM = "https://crm.example.com";
    static final String DW = "https://dw.example.com";
    static final String ERP = "https://erp.example.com";
    static final String PAY = "https://pay.example.com";
    static final String OPS = "https://ops.example.com";

    static boolean weekend(long dayStart) {
        int dow = (int) Math.floorMod(Math.floorDiv(dayStart, DAY) + 3, 7); // 0 = Monday
        return dow >= 5;
    }

    static boolean saturday(long dayStart) {
        return (int) Math.floorMod(Math.floorDiv(dayStart, DAY) + 3, 7) == 5;
    }

    /** Poisson-distributed count with mean {@code mean} (Knuth; the means here are small). */
    static int poisson(SplittableRandom r, double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = r.nextDouble();
        while (p > l) {
            k++;
            p *= r.nextDouble();
        }
        return k;
    }

    static void supportCall(TraceBuilder t, String id, SplittableRandom r, long ms) {
        double x = r.nextDouble();
        if (x < 0.25) t.call(ms, id, "read", CRM + "/tickets");
        else if (x < 0.60) t.call(ms, id, "read", CRM + "/tickets/" + (100_000 + r.nextInt(900_000)));
        else if (x < 0.75) t.call(ms, id, "read", CRM + "/customers/" + (10_000 + r.nextInt(90_000)));
        else if (x < 0.90) t.call(ms, id, "write", CRM + "/tickets/" + (100_000 + r.nextInt(900_000)) + "/comments");
        else t.call(ms, id, "read", CRM + "/kb/articles/" + (1 + r.nextInt(500)));
    }

    static void support(TraceBuilder t, String id, SplittableRandom r, long start, int days, boolean saturdays) {
        t.agent(id, "support", List.of(new Scope("read", CRM + "/"), new Scope("write", CRM + "/tickets/*/comments")));
        double scale = 0.7 + 0.6 * r.nextDouble();
        for (int d = 0; d < days; d++) {
            long day = start + d * DAY;
            boolean sat = saturday(day);
            if (weekend(day) && !(sat && saturdays)) continue;
            int from = sat ? 10 * 60 : 8 * 60;
            int to = sat ? 14 * 60 : 18 * 60;
            for (int m = from; m < to; m++) {
                double h = m / 60.0;
                double lambda = scale * (sat ? 0.3 : 0.3 + 1.2 * Math.exp(-(h - 9) * (h - 9) / 2));
                int n = poisson(r, lambda);
                for (int k = 0; k < n; k++) supportCall(t, id, r, day + m * MIN + r.nextInt(60_000));
            }
        }
    }

    /** One export run from {@code at}. */
    static void etlRun(TraceBuilder t, String id, SplittableRandom r, long at) {
        String date = Instant.ofEpochMilli(at).toString().substring(0, 10);
        long ms = at;
        t.call(ms, id, "read", DW + "/exports/" + date + "/manifest");
        int parts = 2800 + r.nextInt(400);
        for (int p = 0; p < parts; p++) {
            ms += 250 + r.nextInt(250);
            t.call(ms, id, "read", DW + "/exports/" + date + "/parts/" + p);
        }
        t.call(ms + 2000, id, "write", DW + "/warehouse/loads");
    }

    static void etl(TraceBuilder t, String id, SplittableRandom r, long start, int days, int skipDay) {
        t.agent(id, "nightly-etl", List.of(new Scope("read", DW + "/exports/"), new Scope("write", DW + "/warehouse/loads")));
        for (int d = 0; d < days; d++) {
            etlRun(t, id, r, start + d * DAY + 2 * HOUR + r.nextInt(300_000));
        }
    }

    static void procurementCall(TraceBuilder t, String id, SplittableRandom r, long ms, long start) {
        long day = (ms - start) / DAY;
        String erp = day >= 4 ? ERP + "/v2" : ERP;
        double x = r.nextDouble();
        if (x < 0.30) t.call(ms, id, "read", erp + "/suppliers");
        else if (x < 0.50) t.call(ms, id, "read", erp + "/suppliers/" + (1000 + r.nextInt(9000)));
        else if (x < 0.55 && day >= 6) t.call(ms, id, "read", erp + "/suppliers/" + (1000 + r.nextInt(9000)) + "/ratings");
        else if (x < 0.70) t.call(ms, id, "write", erp + "/purchase-orders");
        else if (x < 0.90) t.call(ms, id, "read", erp + "/purchase-orders/" + (100_000 + r.nextInt(900_000)));
        else t.pay(ms, id, PAY + "/transfers", Math.exp(5 + r.nextGaussian() * 0.8), "EUR");
    }

    static void procurement(TraceBuilder t, String id, SplittableRandom r, long start, int days) {
        t.agent(id, "procurement", List.of(new Scope("read", ERP + "/"), new Scope("write", ERP + "/purchase-orders"),
                new Scope("write", ERP + "/v2/purchase-orders"), new Scope("pay", PAY + "/transfers")));
        double perHour = 3 + 3 * r.nextDouble();
        for (int d = 0; d < days; d++) {
            long day = start + d * DAY;
            if (weekend(day)) continue;
            for (int m = 7 * 60; m < 19 * 60; m++) {
                int n = poisson(r, perHour / 60);
                for (int k = 0; k < n; k++) procurementCall(t, id, r, day + m * MIN + r.nextInt(60_000), start);
            }
        }
    }

    static void onCallCall(TraceBuilder t, String id, SplittableRandom r, long ms) {
        double x = r.nextDouble();
        String svc = "svc-" + (1 + r.nextInt(6));
        if (x < 0.40) t.call(ms, id, "read", OPS + "/logs/" + svc);
        else if (x < 0.70) t.call(ms, id, "read", OPS + "/metrics/" + svc);
        else if (x < 0.80) t.call(ms, id, "invoke", OPS + "/pipelines/" + (100 + r.nextInt(900)) + "/runs");
        else if (x < 0.90) t.call(ms, id, "write", OPS + "/deployments/" + svc + "/rollback");
        else t.call(ms, id, "read", OPS + "/runbooks/" + svc);
    }

    static void onCall(TraceBuilder t, String id, SplittableRandom r, long start, int days) {
        t.agent(id, "on-call", List.of(new Scope("read", OPS + "/"), new Scope("invoke", OPS + "/pipelines/*/runs"),
                new Scope("write", OPS + "/deployments/")));
        long end = start + days * DAY;
        long ms = start + (long) (r.nextDouble() * DAY);
        while (ms < end) {
            long dur = (30 + r.nextInt(61)) * MIN;
            for (long m = ms; m < ms + dur; m += MIN) {
                // bursty: quiet minutes and busy ones
                double lambda = r.nextDouble() < 0.3 ? 4 + 8 * r.nextDouble() : 0.5 + r.nextDouble();
                int n = poisson(r, lambda);
                for (int k = 0; k < n; k++) onCallCall(t, id, r, m + r.nextInt(60_000));
            }
            ms += dur + (long) (-Math.log(1 - r.nextDouble()) * 2.5 * DAY) + 6 * HOUR;
        }
    }

    static void ops(TraceBuilder t, String id, SplittableRandom r, long start, int days) {
        t.agent(id, "ops-7d", List.of(new Scope("read", OPS + "/"), new Scope("invoke", OPS + "/pipelines/*/runs"),
                new Scope("write", OPS + "/deployments/"), new Scope("delete", OPS + "/deployments/")));
        for (int d = 0; d < days; d++) {
            long day = start + d * DAY;
            double lambda = weekend(day) ? 0.15 : 0.4;
            for (int m = 6 * 60; m < 22 * 60; m++) {
                int n = poisson(r, lambda);
                for (int k = 0; k < n; k++) onCallCall(t, id, r, day + m * MIN + r.nextInt(60_000));
            }
        }
    }

    // ---- misbehaviours ----

    private static void inject(TraceBuilder t, List<List<String>> byArch, SplittableRandom r, long start) {
        long day10 = start + 10 * DAY; // the second Thursday
        List<String> support = byArch.get(0);
        List<String> etl = byArch.get(1);
        List<String> proc = byArch.get(2);
        List<String> ops = byArch.get(4);
        // a weekday support bot working at 03:00 on a Sunday: an hour of its usual peak work
        String s0 = support.get(0);
        long sunday = start + 13 * DAY + 3 * HOUR;
        t.inject(s0, "support-at-3h-sunday", "time-of-day", sunday);
        for (int m = 0; m < 60; m++) {
            int n = poisson(r, 1.2);
            for (int k = 0; k < n; k++) supportCall(t, s0, r, sunday + m * MIN + (k == 0 && m == 0 ? 0 : 1 + r.nextInt(59_999)));
        }
        t.call(sunday, s0, "read", CRM + "/tickets");
        // the nightly ETL job running its export at 14:00 instead of 02:00
        String e0 = etl.get(0);
        t.clear(e0, day10, day10 + DAY);
        long at14 = day10 + 14 * HOUR + r.nextInt(600_000);
        t.inject(e0, "etl-export-at-14h", "time-of-day", at14);
        etlRun(t, e0, r, at14);
        // 40 payments in 10 minutes
        String p0 = proc.get(0);
        long pays = day10 + 11 * HOUR + r.nextInt(3 * 3_600_000);
        t.inject(p0, "40-payments-in-10-min", "action-volume", pays);
        for (int k = 0; k < 40; k++) t.pay(pays + k * 15_000L + r.nextInt(5000), p0, PAY + "/transfers", Math.exp(5 + r.nextGaussian() * 0.8), "EUR");
        // a never-used admin export endpoint, inside the agent's read scope
        if (proc.size() > 1) {
            String p1 = proc.get(1);
            long admin = day10 + 10 * HOUR + r.nextInt(4 * 3_600_000);
            t.inject(p1, "never-used-admin-export", "novel-resource", admin);
            t.call(admin, p1, "read", ERP + "/v2/admin/exports");
            for (int k = 0; k < 30; k++) t.call(admin + (k + 1) * 20_000L, p1, "read", ERP + "/v2/admin/exports/" + (7_000_000 + k) + "/download");
        }
        // reads outside the scope (HR), denied
        if (support.size() > 1) {
            String s1 = support.get(1);
            long hr = day10 + 9 * HOUR + r.nextInt(6 * 3_600_000);
            t.inject(s1, "out-of-scope-reads", "novel-resource", hr);
            for (int k = 0; k < 6; k++) t.denied(hr + k * 7_000L, s1, "read", "https://hr.example.com/employees/" + (500 + k), "outside-scope");
        }
        // a low-and-slow export of customer records: 2 a minute for 4 hours, inside its scope and hours
        if (support.size() > 2) {
            String s2 = support.get(2);
            long slow = day10 + 10 * HOUR;
            t.inject(s2, "low-and-slow-export", "action-volume", slow);
            for (int k = 0; k < 480; k++) t.call(slow + k * 30_000L + r.nextInt(5000), s2, "read", CRM + "/customers/" + (10_000 + k));
        }
        // bursts of denied deletes
        String o0 = ops.get(0);
        long del = day10 + 15 * HOUR + r.nextInt(3 * 3_600_000);
        t.inject(o0, "denied-delete-burst", "repeated-denials", del);
        for (int k = 0; k < 12; k++) t.denied(del + k * 15_000L, o0, "delete", OPS + "/deployments/svc-" + (1 + k % 6), "constraint-violated");
    }
}
