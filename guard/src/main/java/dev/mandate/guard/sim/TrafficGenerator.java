package dev.mandate.guard.sim;

import dev.mandate.guard.Observation;
import dev.mandate.guard.Scope;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Synthetic agent traffic for evaluating the guard, deterministic from a seed. Each agent has a role
 * (procurement, hr-assistant, devops, support, finance) with its capability scope, resource families and
 * a Markov workflow (procurement: list suppliers, read one, create a purchase order, read it, read the
 * invoice...); sessions start at a rate following a diurnal and weekday profile (office agents work
 * 08:00-18:00 and most of them are idle at weekends, devops and support agents run around the clock);
 * calls within a session are seconds apart and carry random ids; about 0.5 % of calls are denied for
 * ordinary reasons (an expired grant, then a retry that succeeds; a spending limit). Misbehaviours are
 * injected with {@link #generate(List)}.
 *
 * <p>The traffic starts at {@link #START}, a Wednesday, so that a weekend and the Monday after it fall
 * inside a seven-day run after the agents' learning period.
 */
public final class TrafficGenerator {
    /** Default start: Wednesday 2026-03-04 00:00 UTC. */
    public static final Instant START = Instant.parse("2026-03-04T00:00:00Z");

    /** Agent roles. */
    public enum Role {
        /** Reads suppliers, invoices and contracts on the ERP; creates, reads and deletes purchase orders. */
        PROCUREMENT("procurement"),
        /** Reads employees and their leave in the HR system; files leave requests. */
        HR_ASSISTANT("hr-assistant"),
        /** Runs CI pipelines, reads its services' logs and deploys them. */
        DEVOPS("devops"),
        /** Reads tickets, customers and knowledge-base articles in the CRM; comments on tickets. */
        SUPPORT("support"),
        /** Reads ledger accounts and reports, writes journal entries, pays transfers. */
        FINANCE("finance");

        private final String label;

        Role(String label) { this.label = label; }

        /** {@return its name in agent ids, e.g. {@code hr-assistant}} */
        public String label() { return label; }
    }

    /**
     * One simulated agent.
     *
     * @param id          its DID
     * @param role        its role
     * @param scope       the capabilities its credentials declare
     * @param sessionsPerHour sessions started per hour at its peak
     * @param weekendIdle true if it makes no calls on Saturdays and Sundays
     * @param aroundTheClock true for agents that also work at night (at a lower rate)
     * @param services    service names it deals with (devops)
     */
    public record Agent(String id, Role role, List<Scope> scope, double sessionsPerHour, boolean weekendIdle, boolean aroundTheClock,
                        List<String> services) {
        /**
         * Copies the lists.
         *
         * @param id              its DID
         * @param role            its role
         * @param scope           the declared capabilities; copied
         * @param sessionsPerHour peak sessions per hour
         * @param weekendIdle     whether idle at weekends
         * @param aroundTheClock  whether it also works at night
         * @param services        service names; copied
         * @throws NullPointerException if a list is null
         */
        public Agent {
            scope = List.copyOf(scope);
            services = List.copyOf(services);
        }
    }

    /** One call before it gets a sequence number. */
    record Call(long atMs, int agent, String action, String resource, boolean allowed, List<String> codes, boolean injected) {}

    /**
     * The generated traffic.
     *
     * @param observations  every call, time-ordered, seq from 0
     * @param agents        the agents
     * @param injections    the misbehaviours injected
     * @param injectedSeqs  for each injection (same order), the seq of its first call (-1 if it made none)
     */
    public record Traffic(List<Observation> observations, List<Agent> agents, List<Misbehaviour> injections, List<Long> injectedSeqs) {}

    private record Step(String action, String host, String path) {}

    private final long seed;
    private final int agentCount;
    private final Duration duration;
    private final Instant start;
    private final List<Agent> agents;

    /**
     * Traffic of {@code agents} agents for {@code duration} from {@link #START}.
     *
     * @param seed     the random seed: the same arguments always give the same traffic
     * @param agents   how many agents, positive
     * @param duration how long the traffic runs, positive
     * @throws IllegalArgumentException if {@code agents} or {@code duration} is not positive
     */
    public TrafficGenerator(long seed, int agents, Duration duration) {
        this(seed, agents, duration, START);
    }

    /**
     * Traffic of {@code agents} agents for {@code duration} from {@code start}.
     *
     * @param seed     the random seed
     * @param agents   how many agents, positive
     * @param duration how long the traffic runs, positive
     * @param start    the first traffic instant
     * @throws IllegalArgumentException if {@code agents} or {@code duration} is not positive
     */
    public TrafficGenerator(long seed, int agents, Duration duration, Instant start) {
        if (agents <= 0) throw new IllegalArgumentException("agents must be positive, got " + agents);
        if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration must be positive, got " + duration);
        this.seed = seed;
        this.agentCount = agents;
        this.duration = duration;
        this.start = Objects.requireNonNull(start, "start");
        this.agents = makeAgents();
    }

    /** {@return the agents (the same for the same seed and count)} */
    public List<Agent> agents() {
        return agents;
    }

    /** {@return the first traffic instant} */
    public Instant start() {
        return start;
    }

    /** {@return how long the traffic runs} */
    public Duration duration() {
        return duration;
    }

    // ---- roles ----

    private static final String ERP = "https://erp.example.com";
    private static final String HR = "https://hr.example.com";
    private static final String CI = "https://ci.example.com";
    private static final String LOGS = "https://logs.example.com";
    private static final String DEPLOY = "https://deploy.example.com";
    private static final String CRM = "https://crm.example.com";
    private static final String LEDGER = "https://ledger.example.com";
    private static final String PAY = "https://pay.example.com";

    /** Workflow states of a role; {id} is replaced by a random id, {svc} by one of the agent's services. */
    private static Step[] steps(Role r) {
        return switch (r) {
            case PROCUREMENT -> new Step[] {
                    new Step("read", ERP, "/suppliers"), new Step("read", ERP, "/suppliers/{id}"), new Step("write", ERP, "/purchase-orders"),
                    new Step("read", ERP, "/purchase-orders/{id}"), new Step("read", ERP, "/invoices/{id}"), new Step("read", ERP, "/purchase-orders"),
                    new Step("delete", ERP, "/purchase-orders/{id}"), new Step("read", ERP, "/contracts/{id}")};
            case HR_ASSISTANT -> new Step[] {
                    new Step("read", HR, "/employees"), new Step("read", HR, "/employees/{id}"), new Step("read", HR, "/employees/{id}/leave"),
                    new Step("write", HR, "/leave-requests"), new Step("read", HR, "/leave-requests/{id}"), new Step("read", HR, "/policies/{id}")};
            case DEVOPS -> new Step[] {
                    new Step("read", CI, "/pipelines"), new Step("read", CI, "/pipelines/{id}"), new Step("invoke", CI, "/pipelines/{id}/runs"),
                    new Step("read", CI, "/runs/{uuid}"), new Step("read", LOGS, "/services/{svc}/logs"),
                    new Step("write", DEPLOY, "/services/{svc}/deployments")};
            case SUPPORT -> new Step[] {
                    new Step("read", CRM, "/tickets"), new Step("read", CRM, "/tickets/{id}"), new Step("read", CRM, "/customers/{id}"),
                    new Step("write", CRM, "/tickets/{id}/comments"), new Step("read", CRM, "/kb/articles/{id}")};
            case FINANCE -> new Step[] {
                    new Step("read", LEDGER, "/accounts"), new Step("read", LEDGER, "/accounts/{id}"), new Step("write", LEDGER, "/journal-entries"),
                    new Step("pay", PAY, "/transfers"), new Step("read", PAY, "/transfers/{id}"), new Step("read", LEDGER, "/reports/{id}")};
        };
    }

    /** Row i: probabilities of the next state from state i; the last column is the end of the session. Row "start" first. */
    private static double[][] workflow(Role r) {
        return switch (r) {
            //                       0     1     2     3     4     5     6     7    end
            case PROCUREMENT -> new double[][] {
                    {0.60, 0, 0, 0, 0, 0.40, 0, 0, 0}, // start
                    {0, 0.90, 0, 0, 0, 0, 0, 0, 0.10}, // list suppliers
                    {0, 0.20, 0.55, 0, 0, 0, 0, 0.05, 0.20}, // read supplier
                    {0, 0, 0, 0.75, 0, 0, 0, 0, 0.25}, // create PO
                    {0, 0, 0, 0, 0.55, 0, 0.06, 0, 0.39}, // read PO
                    {0, 0, 0, 0, 0, 0, 0, 0, 1.00}, // read invoice
                    {0, 0, 0, 0.80, 0, 0, 0, 0, 0.20}, // list POs
                    {0, 0, 0, 0, 0, 0.30, 0, 0, 0.70}, // delete PO
                    {0, 0, 0.50, 0, 0, 0, 0, 0, 0.50}}; // read contract
            case HR_ASSISTANT -> new double[][] {
                    {0.70, 0, 0, 0, 0.20, 0.10, 0},
                    {0, 0.90, 0, 0, 0, 0, 0.10},
                    {0, 0.15, 0.50, 0.10, 0, 0.05, 0.20},
                    {0, 0, 0, 0.60, 0, 0, 0.40},
                    {0, 0, 0, 0, 0.70, 0, 0.30},
                    {0, 0, 0, 0, 0, 0, 1.00},
                    {0, 0, 0, 0, 0, 0, 1.00}};
            case DEVOPS -> new double[][] {
                    {0.50, 0, 0, 0, 0.35, 0.15, 0},
                    {0, 0.90, 0, 0, 0, 0, 0.10},
                    {0, 0, 0.60, 0, 0.15, 0, 0.25},
                    {0, 0, 0, 0.85, 0, 0, 0.15},
                    {0, 0, 0, 0.30, 0.30, 0.15, 0.25},
                    {0, 0, 0, 0, 0.40, 0.20, 0.40},
                    {0, 0, 0, 0, 0.60, 0, 0.40}};
            case SUPPORT -> new double[][] {
                    {0.65, 0.35, 0, 0, 0, 0},
                    {0, 0.90, 0, 0, 0, 0.10},
                    {0, 0.15, 0.35, 0.30, 0.10, 0.10},
                    {0, 0, 0, 0.60, 0.15, 0.25},
                    {0, 0.10, 0, 0, 0.30, 0.60},
                    {0, 0, 0, 0.70, 0, 0.30}};
            case FINANCE -> new double[][] {
                    {0.55, 0, 0, 0.20, 0.15, 0.10, 0},
                    {0, 0.90, 0, 0, 0, 0, 0.10},
                    {0, 0.20, 0.40, 0, 0, 0.10, 0.30},
                    {0, 0, 0, 0, 0.70, 0, 0.30},
                    {0, 0, 0, 0, 0.80, 0, 0.20},
                    {0, 0, 0, 0, 0, 0, 1.00},
                    {0, 0, 0, 0, 0, 0, 1.00}};
        };
    }

    private static List<Scope> scopeOf(Role r, boolean overBroad) {
        List<Scope> s = new ArrayList<>(switch (r) {
            case PROCUREMENT -> List.of(new Scope("read", ERP + "/"), new Scope("write", ERP + "/purchase-orders"),
                    new Scope("delete", ERP + "/purchase-orders/*"));
            case HR_ASSISTANT -> List.of(new Scope("read", HR + "/"), new Scope("write", HR + "/leave-requests"));
            case DEVOPS -> List.of(new Scope("read", CI + "/"), new Scope("invoke", CI + "/pipelines/*/runs"), new Scope("read", LOGS + "/"),
                    new Scope("write", DEPLOY + "/services/*/deployments"));
            case SUPPORT -> List.of(new Scope("read", CRM + "/"), new Scope("write", CRM + "/tickets/*/comments"));
            case FINANCE -> List.of(new Scope("read", LEDGER + "/"), new Scope("write", LEDGER + "/journal-entries"),
                    new Scope("pay", PAY + "/transfers"), new Scope("read", PAY + "/"));
        });
        if (overBroad) s.add(new Scope("read", HR + "/"));
        return s;
    }

    private static final String[] SERVICES = {"billing-api", "orders-api", "search", "auth-gateway", "reporting", "notifications", "web-frontend"};

    private List<Agent> makeAgents() {
        SplittableRandom rnd = new SplittableRandom(seed);
        Role[] roles = Role.values();
        List<Agent> out = new ArrayList<>();
        int[] perRole = new int[roles.length];
        for (int i = 0; i < agentCount; i++) {
            Role role = roles[i % roles.length];
            int n = ++perRole[role.ordinal()];
            boolean office = role != Role.DEVOPS && role != Role.SUPPORT;
            boolean weekendIdle = office && rnd.nextDouble() < 0.7;
            // every fourth procurement agent holds an over-broad HR read grant it never uses
            boolean overBroad = role == Role.PROCUREMENT && n % 4 == 2;
            double rate = 4 + rnd.nextDouble() * 12; // sessions per hour at peak
            List<String> services = new ArrayList<>();
            if (role == Role.DEVOPS) {
                int k = 2 + rnd.nextInt(2);
                int first = rnd.nextInt(SERVICES.length);
                for (int j = 0; j < k; j++) services.add(SERVICES[(first + j) % SERVICES.length]);
            }
            out.add(new Agent(String.format(Locale.ROOT, "did:example:%s-%02d", role.label(), n), role, scopeOf(role, overBroad), rate,
                    weekendIdle, !office, services));
        }
        return List.copyOf(out);
    }

    // ---- traffic ----

    /** {@return the normal traffic, without misbehaviours} */
    public Traffic generate() {
        return generate(List.of());
    }

    /**
     * The normal traffic with the given misbehaviours injected (each naming one of {@link #agents()}).
     *
     * @param injections the misbehaviours, empty for none
     * @return the traffic, the same for the same generator and injections
     * @throws IllegalArgumentException if a misbehaviour names an unknown agent or one whose role cannot do it
     */
    public Traffic generate(List<Misbehaviour> injections) {
        List<Call> calls = new ArrayList<>();
        long startMs = start.toEpochMilli();
        long endMs = startMs + duration.toMillis();
        for (int i = 0; i < agents.size(); i++) {
            Agent a = agents.get(i);
            long dormantFrom = Long.MAX_VALUE;
            long dormantTo = Long.MIN_VALUE;
            for (Misbehaviour m : injections) {
                if (m instanceof Misbehaviour.Dormancy d && d.agent().equals(a.id())) {
                    dormantFrom = d.start().toEpochMilli();
                    dormantTo = d.returnAt().toEpochMilli();
                }
            }
            normal(i, a, startMs, endMs, dormantFrom, dormantTo, calls);
        }
        for (Misbehaviour m : injections) {
            int idx = indexOf(m.agent());
            if (!(m instanceof Misbehaviour.Dormancy)) inject(idx, m, calls);
        }
        calls.sort(Comparator.comparingLong(Call::atMs).thenComparingInt(Call::agent));
        List<Observation> obs = new ArrayList<>(calls.size());
        long[] firstSeq = new long[injections.size()];
        java.util.Arrays.fill(firstSeq, -1);
        for (int s = 0; s < calls.size(); s++) {
            Call c = calls.get(s);
            Agent a = agents.get(c.agent());
            List<Scope> scope = a.scope();
            obs.add(new Observation(s, Instant.ofEpochMilli(c.atMs()), a.id(), c.action(), c.resource(), c.allowed(), c.codes(), scope));
            for (int k = 0; k < injections.size(); k++) {
                Misbehaviour m = injections.get(k);
                if (firstSeq[k] >= 0 || !m.agent().equals(a.id())) continue;
                boolean first = m instanceof Misbehaviour.Dormancy d ? c.atMs() >= d.returnAt().toEpochMilli() : c.injected() && c.atMs() >= m.start().toEpochMilli();
                if (first) firstSeq[k] = s;
            }
        }
        List<Long> seqs = new ArrayList<>();
        for (long f : firstSeq) seqs.add(f);
        return new Traffic(List.copyOf(obs), agents, List.copyOf(injections), List.copyOf(seqs));
    }

    private int indexOf(String agent) {
        for (int i = 0; i < agents.size(); i++) if (agents.get(i).id().equals(agent)) return i;
        throw new IllegalArgumentException("no simulated agent " + agent);
    }

    /** Relative activity at an instant: 0 when the agent does not work then. */
    private static double activity(Agent a, long ms) {
        var t = Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC);
        DayOfWeek d = t.getDayOfWeek();
        boolean weekend = d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
        if (weekend && a.weekendIdle()) return 0;
        double h = t.getHour() + t.getMinute() / 60.0;
        double day;
        if (h >= 8 && h < 18) day = 0.5 + 0.5 * Math.sin(Math.PI * (h - 8) / 10);
        else day = a.aroundTheClock() ? 0.25 : 0;
        return day * (weekend ? 0.3 : 1);
    }

    private void normal(int idx, Agent a, long startMs, long endMs, long dormantFrom, long dormantTo, List<Call> out) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + idx * 7919L + 17);
        Step[] steps = steps(a.role());
        double[][] wf = workflow(a.role());
        long t = startMs;
        long busyUntil = startMs;
        long slot = 5 * 60_000L; // thinning in 5-minute slots
        for (long s = startMs; s < endMs; s += slot) {
            double lambda = a.sessionsPerHour() * activity(a, s) * slot / 3_600_000.0;
            int n = poisson(rnd, lambda);
            long[] starts = new long[n];
            for (int k = 0; k < n; k++) starts[k] = s + (long) (rnd.nextDouble() * slot);
            java.util.Arrays.sort(starts);
            for (long st : starts) {
                t = Math.max(st, busyUntil + 1000);
                if (t >= endMs) break;
                t = session(idx, a, steps, wf, rnd, t, endMs, dormantFrom, dormantTo, out);
                busyUntil = t;
            }
        }
    }

    private long session(int idx, Agent a, Step[] steps, double[][] wf, SplittableRandom rnd, long t, long endMs, long dormantFrom, long dormantTo,
                         List<Call> out) {
        int state = pick(rnd, wf[0]);
        int calls = 0;
        while (state < steps.length && calls < 40 && t < endMs) {
            boolean dormant = t >= dormantFrom && t < dormantTo;
            String url = url(steps[state], a, rnd);
            String action = steps[state].action();
            double u = rnd.nextDouble();
            if (!dormant) {
                if (u < 0.003) {
                    // the grant expired: denied, then the agent renews it and retries
                    out.add(new Call(t, idx, action, url, false, List.of("grant-expired"), false));
                    t += 1500 + rnd.nextInt(3000);
                } else if (u < 0.005 && !action.equals("read")) {
                    // over a limit: denied, the agent gives up this session
                    out.add(new Call(t, idx, action, url, false, List.of("constraint-violated"), false));
                    return t;
                }
                out.add(new Call(t, idx, action, url, true, List.of(), false));
            }
            calls++;
            t += 1000 + (long) (-Math.log(1 - rnd.nextDouble()) * 6000);
            state = pick(rnd, wf[state + 1]);
        }
        return t;
    }

    private static String url(Step s, Agent a, SplittableRandom rnd) {
        String p = s.path();
        if (p.contains("{id}")) p = p.replace("{id}", Integer.toString(1 + rnd.nextInt(99_999)));
        if (p.contains("{uuid}")) p = p.replace("{uuid}", uuid(rnd));
        if (p.contains("{svc}")) p = p.replace("{svc}", a.services().get(rnd.nextInt(a.services().size())));
        return s.host() + p;
    }

    private static String uuid(SplittableRandom rnd) {
        String h = Long.toHexString(rnd.nextLong() | Long.MIN_VALUE) + Long.toHexString(rnd.nextLong() | Long.MIN_VALUE);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20, 32);
    }

    private static int pick(SplittableRandom rnd, double[] p) {
        double u = rnd.nextDouble();
        double acc = 0;
        for (int i = 0; i < p.length; i++) {
            acc += p[i];
            if (u < acc) return i;
        }
        return p.length - 1;
    }

    private static int poisson(SplittableRandom rnd, double lambda) {
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private void inject(int idx, Misbehaviour m, List<Call> out) {
        Agent a = agents.get(idx);
        SplittableRandom rnd = new SplittableRandom(seed ^ (m.start().toEpochMilli() * 31 + idx));
        long t = m.start().toEpochMilli();
        if (m instanceof Misbehaviour.OutOfScopeAccess o) {
                requireRole(a, Role.PROCUREMENT, m);
                if (o.allowed() && !a.scope().contains(new Scope("read", HR + "/"))) {
                    throw new IllegalArgumentException(a.id() + " holds no HR read grant, so out-of-scope-allowed cannot be injected");
                }
                String[] paths = {"/employees", "/employees/{id}", "/employees/{id}/salary", "/employees/{id}", "/reviews/{id}"};
                for (int k = 0; k < o.calls(); k++) {
                    String url = HR + paths[k % paths.length].replace("{id}", Integer.toString(1 + rnd.nextInt(99_999)));
                    out.add(new Call(t, idx, "read", url, o.allowed(), o.allowed() ? List.of() : List.of("outside-scope"), true));
                    t += 2000 + rnd.nextInt(8000);
                }
        } else if (m instanceof Misbehaviour.RateBurst b) {
                Step[] steps = steps(a.role());
                long end = t + b.duration().toMillis();
                long gap = 60_000L / b.perMinute();
                int state = 0;
                while (t < end) {
                    out.add(new Call(t, idx, steps[state].action(), url(steps[state], a, rnd), true, List.of(), true));
                    state = (state + 1) % 2; // list, read one, list, read one...
                    t += Math.max(1, gap / 2 + rnd.nextInt((int) Math.max(1, gap)));
                }
        } else if (m instanceof Misbehaviour.ImprobableSequence s) {
                requireRole(a, Role.PROCUREMENT, m);
                for (int k = 0; k < s.repeats(); k++) {
                    out.add(new Call(t, idx, "read", ERP + "/purchase-orders", true, List.of(), true));
                    t += 1000 + rnd.nextInt(3000);
                    out.add(new Call(t, idx, "delete", ERP + "/purchase-orders/" + (1 + rnd.nextInt(99_999)), true, List.of(), true));
                    t += 1000 + rnd.nextInt(3000);
                }
        } else if (m instanceof Misbehaviour.RepeatedDenials d) {
                Step write = null;
                for (Step s : steps(a.role())) if (!s.action().equals("read")) { write = s; break; }
                for (int k = 0; k < d.attempts(); k++) {
                    out.add(new Call(t, idx, write.action(), url(write, a, rnd), false, List.of("constraint-violated"), true));
                    t += 2000 + rnd.nextInt(10_000);
                }
        }
    }

    private static void requireRole(Agent a, Role r, Misbehaviour m) {
        if (a.role() != r) throw new IllegalArgumentException(m.name() + " needs a " + r.label() + " agent, " + a.id() + " is " + a.role().label());
    }
}
