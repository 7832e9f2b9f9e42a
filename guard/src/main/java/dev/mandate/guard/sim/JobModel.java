package dev.mandate.guard.sim;

import dev.mandate.guard.Scope;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A second traffic model, written separately from {@link ArchetypeModel} and from the guard's rules: agents
 * run scripted jobs and sessions in their own time zone (UTC-5, UTC, UTC+1, UTC+9), with log-normal gaps
 * between calls. Archetypes, round-robin:
 * <ul>
 *   <li>{@code helpdesk}: local 09-17 on weekdays, two peaks (10:00, 14:00); a session triages a queue:
 *       list, read 1-4 tickets, maybe the customer, maybe a comment;</li>
 *   <li>{@code exporter}: every night at local 01:30 exports 1,500-4,000 parts, then writes a manifest;</li>
 *   <li>{@code payments}: local 08-16 on weekdays, reads invoices and pays 1-3 of them every hour or two;</li>
 *   <li>{@code responder}: on call; silent 1-6 days, then an incident of 20-400 calls in 10-120 minutes;</li>
 *   <li>{@code integrator}: polls orders every 10-40 minutes on weekdays, around the clock; moves from
 *       {@code /api/v1/} to {@code /api/v2/} between days 4 and 8 and then also reads order events;</li>
 *   <li>{@code catalog-sync}: every hour of every day reads 20-60 catalog items.</li>
 * </ul>
 * Injected on day 10 (day 13 for the Sunday one), each into a different agent: the exporter at local 14:00,
 * a helpdesk agent at local 03:00 on Sunday, 40 payments in 10 minutes, denied reads outside the scope, a
 * never-used admin endpoint, a burst of denied deletes, a low-and-slow export of customer records.
 */
public final class JobModel {
    /** Monday 2026-03-02 00:00 UTC. */
    public static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    static final String[] ARCHETYPES = {"helpdesk", "exporter", "payments", "responder", "integrator", "catalog-sync"};
    static final int[] ZONES = {0, 1, -5, 9};
    private static final long S = 1000L;
    private static final long MIN = 60_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;
    static final String DESK = "https://desk.example.org";
    static final String FILES = "https://files.example.org";
    static final String AP = "https://ap.example.org";
    static final String SHOP = "https://shop.example.org";
    static final String INFRA = "https://infra.example.org";

    private JobModel() {}

    /**
     * Generates labelled traffic; the same arguments always give the same traffic.
     *
     * @param seed   the random seed
     * @param agents how many agents, at least 6 (one per job kind)
     * @param days   how many days from {@link #START}, at least 1 (at least 14 for every injection)
     * @return the observations with the injected misbehaviours labelled
     * @throws IllegalArgumentException if there are too few agents or no day
     */
    public static LabelledTraffic generate(long seed, int agents, int days) {
        if (agents < ARCHETYPES.length || days < 1) throw new IllegalArgumentException("the job model needs at least 6 agents and 1 day");
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 11);
        long start = START.toEpochMilli();
        TraceBuilder t = new TraceBuilder(START.plus(Duration.ofDays(days)));
        List<List<String>> byArch = new ArrayList<>();
        List<List<Integer>> zones = new ArrayList<>();
        for (int i = 0; i < ARCHETYPES.length; i++) {
            byArch.add(new ArrayList<>());
            zones.add(new ArrayList<>());
        }
        for (int i = 0; i < agents; i++) {
            int a = i % ARCHETYPES.length;
            int zone = ZONES[(i / ARCHETYPES.length) % ZONES.length];
            String id = String.format(Locale.ROOT, "did:web:agents.example.org:%s:%02d", ARCHETYPES[a], i / ARCHETYPES.length + 1);
            byArch.get(a).add(id);
            zones.get(a).add(zone);
            SplittableRandom r = rnd.split();
            switch (a) {
                case 0 -> helpdesk(t, id, r, start, days, zone);
                case 1 -> exporter(t, id, r, start, days, zone, -1);
                case 2 -> payments(t, id, r, start, days, zone);
                case 3 -> responder(t, id, r, start, days);
                case 4 -> integrator(t, id, r, start, days);
                default -> catalog(t, id, r, start, days);
            }
        }
        if (days >= 14) inject(t, byArch, zones, rnd.split(), start);
        return t.build("jobs", seed);
    }

    /** A log-normal gap with the given median, in ms. */
    static long gap(SplittableRandom r, double medianMs, double sigma) {
        return Math.max(50, (long) (medianMs * Math.exp(sigma * r.nextGaussian())));
    }

    /** The UTC start of local day {@code d} (from the start) in time zone {@code zone} (hours east of UTC). */
    static long localDay(long start, int d, int zone) {
        return start + d * DAY - zone * HOUR;
    }

    static boolean weekendDay(int d) {
        return d % 7 >= 5; // the model starts on a Monday
    }

    // ---- archetypes ----

    static long triage(TraceBuilder t, String id, SplittableRandom r, long ms) {
        t.call(ms, id, "read", DESK + "/queues/support/items");
        int tickets = 1 + r.nextInt(4);
        for (int k = 0; k < tickets; k++) {
            ms += gap(r, 6 * S, 0.6);
            int ticket = 200_000 + r.nextInt(800_000);
            t.call(ms, id, "read", DESK + "/items/" + ticket);
            if (r.nextDouble() < 0.3) {
                ms += gap(r, 4 * S, 0.5);
                t.call(ms, id, "read", DESK + "/contacts/" + (40_000 + r.nextInt(60_000)));
            }
            if (r.nextDouble() < 0.4) {
                ms += gap(r, 10 * S, 0.5);
                t.call(ms, id, "write", DESK + "/items/" + ticket + "/notes");
            }
        }
        return ms;
    }

    static void helpdesk(TraceBuilder t, String id, SplittableRandom r, long start, int days, int zone) {
        t.agent(id, "helpdesk", List.of(new Scope("read", DESK + "/"), new Scope("write", DESK + "/items/*/notes")));
        double perHour = 2 + 4 * r.nextDouble();
        for (int d = 0; d < days; d++) {
            if (weekendDay(d)) continue;
            long day = localDay(start, d, zone);
            long ms = day + 9 * HOUR + gap(r, 5 * MIN, 0.5);
            while (ms < day + 17 * HOUR) {
                ms = triage(t, id, r, ms);
                double h = (ms - day) / (double) HOUR;
                double rate = perHour * (0.4 + Math.exp(-(h - 10) * (h - 10)) + Math.exp(-(h - 14) * (h - 14)));
                ms += (long) (-Math.log(1 - r.nextDouble()) / rate * HOUR);
            }
        }
    }

    static void exportRun(TraceBuilder t, String id, SplittableRandom r, long ms) {
        String batch = "b" + (ms / DAY) + "x" + r.nextInt(1000);
        int parts = 1500 + r.nextInt(2500);
        for (int p = 0; p < parts; p++) {
            t.call(ms, id, "read", FILES + "/exports/ledger/" + batch + "/chunks/" + p);
            ms += gap(r, 400, 0.4);
        }
        t.call(ms, id, "write", FILES + "/manifests");
    }

    static void exporter(TraceBuilder t, String id, SplittableRandom r, long start, int days, int zone, int skip) {
        t.agent(id, "exporter", List.of(new Scope("read", FILES + "/exports/"), new Scope("write", FILES + "/manifests")));
        for (int d = 0; d < days; d++) {
            if (d == skip) continue;
            exportRun(t, id, r, localDay(start, d, zone) + 90 * MIN + gap(r, 2 * MIN, 0.7));
        }
    }

    static void payments(TraceBuilder t, String id, SplittableRandom r, long start, int days, int zone) {
        t.agent(id, "payments", List.of(new Scope("read", AP + "/"), new Scope("pay", AP + "/payments")));
        for (int d = 0; d < days; d++) {
            if (weekendDay(d)) continue;
            long day = localDay(start, d, zone);
            long ms = day + 8 * HOUR + gap(r, 20 * MIN, 0.6);
            while (ms < day + 16 * HOUR) {
                t.call(ms, id, "read", AP + "/invoices?status=approved");
                int n = 1 + r.nextInt(3);
                for (int k = 0; k < n; k++) {
                    ms += gap(r, 8 * S, 0.5);
                    t.call(ms, id, "read", AP + "/invoices/" + (900_000 + r.nextInt(100_000)));
                    ms += gap(r, 5 * S, 0.5);
                    t.pay(ms, id, AP + "/payments", Math.exp(6.5 + 1.0 * r.nextGaussian()), "USD");
                }
                ms += gap(r, 90 * MIN, 0.5);
            }
        }
    }

    static void incidentCall(TraceBuilder t, String id, SplittableRandom r, long ms) {
        double x = r.nextDouble();
        String host = "node-" + (1 + r.nextInt(40));
        if (x < 0.45) t.call(ms, id, "read", INFRA + "/hosts/" + host + "/logs");
        else if (x < 0.75) t.call(ms, id, "read", INFRA + "/alerts");
        else if (x < 0.90) t.call(ms, id, "invoke", INFRA + "/hosts/" + host + "/restart");
        else t.call(ms, id, "write", INFRA + "/incidents/" + (ms / HOUR) + "/timeline");
    }

    static void responder(TraceBuilder t, String id, SplittableRandom r, long start, int days) {
        t.agent(id, "responder", List.of(new Scope("read", INFRA + "/"), new Scope("invoke", INFRA + "/hosts/*/restart"),
                new Scope("write", INFRA + "/incidents/")));
        long end = start + days * DAY;
        long ms = start + (long) (r.nextDouble() * 2 * DAY);
        while (ms < end) {
            int calls = 20 + r.nextInt(381);
            long until = ms + (10 + r.nextInt(111)) * MIN;
            double median = (until - ms) / (double) calls * 0.6;
            for (int k = 0; k < calls && ms < until; k++) {
                incidentCall(t, id, r, ms);
                ms += gap(r, median, 1.2);
            }
            ms += (long) (DAY * (1 + 5 * r.nextDouble()));
        }
    }

    static void integrator(TraceBuilder t, String id, SplittableRandom r, long start, int days) {
        t.agent(id, "integrator", List.of(new Scope("read", SHOP + "/api/"), new Scope("write", SHOP + "/api/v1/acks"),
                new Scope("write", SHOP + "/api/v2/acks"), new Scope("delete", SHOP + "/api/v2/orders/")));
        long ms = start + gap(r, 10 * MIN, 0.5);
        long end = start + days * DAY;
        while (ms < end) {
            int d = (int) ((ms - start) / DAY);
            if (!weekendDay(d)) {
                double v2 = Math.min(1, Math.max(0, (d - 4) / 4.0));
                String api = r.nextDouble() < v2 ? SHOP + "/api/v2" : SHOP + "/api/v1";
                t.call(ms, id, "read", api + "/orders?since=" + ms);
                int n = r.nextInt(4);
                for (int k = 0; k < n; k++) {
                    long at = ms + gap(r, 3 * S, 0.5) * (k + 1);
                    int order = 5_000_000 + r.nextInt(1_000_000);
                    t.call(at, id, "read", api + "/orders/" + order);
                    if (api.endsWith("v2") && d >= 7 && r.nextDouble() < 0.5) t.call(at + 800, id, "read", api + "/orders/" + order + "/events");
                    t.call(at + 1500, id, "write", api + "/acks");
                }
            }
            ms += (10 + r.nextInt(31)) * MIN;
        }
    }

    static void catalog(TraceBuilder t, String id, SplittableRandom r, long start, int days) {
        t.agent(id, "catalog-sync", List.of(new Scope("read", SHOP + "/catalog/"), new Scope("write", SHOP + "/catalog/")));
        for (long h = 0; h < days * 24L; h++) {
            long ms = start + h * HOUR + 5 * MIN + r.nextInt(60_000);
            t.call(ms, id, "read", SHOP + "/catalog/changes");
            int n = 20 + r.nextInt(41);
            for (int k = 0; k < n; k++) {
                ms += gap(r, 1500, 0.3);
                t.call(ms, id, "read", SHOP + "/catalog/items/SKU" + (100_000 + r.nextInt(900_000)));
            }
            if (r.nextDouble() < 0.2) t.call(ms + 2000, id, "write", SHOP + "/catalog/sync-state");
        }
    }

    // ---- misbehaviours ----

    private static void inject(TraceBuilder t, List<List<String>> byArch, List<List<Integer>> zones, SplittableRandom r, long start) {
        List<String> desk = byArch.get(0);
        // the exporter at local 14:00 instead of 01:30
        String ex = byArch.get(1).get(0);
        int exZone = zones.get(1).get(0);
        long night = localDay(start, 10, exZone);
        t.clear(ex, night, night + 12 * HOUR);
        long at14 = night + 14 * HOUR + r.nextInt(900_000);
        t.inject(ex, "export-at-14h-local", "time-of-day", at14);
        exportRun(t, ex, r, at14);
        // a helpdesk agent working at local 03:00 on Sunday
        String h0 = desk.get(0);
        long sunday = localDay(start, 13, zones.get(0).get(0)) + 3 * HOUR;
        t.inject(h0, "helpdesk-at-3h-sunday", "time-of-day", sunday);
        long ms = sunday;
        while (ms < sunday + HOUR) ms = triage(t, h0, r, ms) + gap(r, 4 * MIN, 0.5);
        // 40 payments in 10 minutes
        String p0 = byArch.get(2).get(0);
        long pay = localDay(start, 10, zones.get(2).get(0)) + 11 * HOUR + r.nextInt(2 * 3_600_000);
        t.inject(p0, "40-payments-in-10-min", "action-volume", pay);
        for (int k = 0; k < 40; k++) t.pay(pay + k * 15 * S, p0, AP + "/payments", Math.exp(6.5 + r.nextGaussian()), "USD");
        // denied reads outside the scope
        if (desk.size() > 1) {
            String h1 = desk.get(1);
            long at = localDay(start, 10, zones.get(0).get(1)) + 11 * HOUR + r.nextInt(3_600_000);
            t.inject(h1, "out-of-scope-reads", "novel-resource", at);
            for (int k = 0; k < 5; k++) t.denied(at + k * 9 * S, h1, "read", AP + "/vendors/" + (300 + k) + "/bank-accounts", "outside-scope");
        }
        // a never-used admin endpoint, inside the read scope
        String in = byArch.get(4).get(0);
        long adm = start + 10 * DAY + 13 * HOUR + r.nextInt(3_600_000);
        t.inject(in, "never-used-admin-endpoint", "novel-resource", adm);
        t.call(adm, in, "read", SHOP + "/api/v2/admin/users");
        for (int k = 0; k < 25; k++) t.call(adm + (k + 1) * 12 * S, in, "read", SHOP + "/api/v2/admin/users/" + (1000 + k) + "/tokens");
        // a burst of denied deletes (inside the scope, refused by a constraint)
        long del = start + 10 * DAY + 16 * HOUR + r.nextInt(3_600_000);
        t.inject(in.equals(byArch.get(4).get(0)) && byArch.get(4).size() > 1 ? byArch.get(4).get(1) : in, "denied-delete-burst", "repeated-denials", del);
        String deleter = byArch.get(4).size() > 1 ? byArch.get(4).get(1) : in;
        for (int k = 0; k < 15; k++) t.denied(del + k * 20 * S, deleter, "delete", SHOP + "/api/v2/orders/" + (5_000_000 + k), "constraint-violated");
        // a low-and-slow export of customer records, inside the scope and the working hours
        if (desk.size() > 2) {
            String h2 = desk.get(2);
            long slow = localDay(start, 10, zones.get(0).get(2)) + 10 * HOUR;
            t.inject(h2, "low-and-slow-export", "action-volume", slow);
            for (int k = 0; k < 450; k++) t.call(slow + k * 40 * S + r.nextInt(5000), h2, "read", DESK + "/contacts/" + (40_000 + k));
        }
    }
}
