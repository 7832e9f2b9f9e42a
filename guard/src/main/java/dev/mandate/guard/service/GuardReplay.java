package dev.mandate.guard.service;

import dev.mandate.guard.Guard;
import dev.mandate.guard.GuardConfig;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Re-runs the guard over an audit log, from the first entry, without changing anything, and compares
 * what it decides with the suspensions the log records ({@code guard} entries with action
 * {@code suspend}). With the configuration the guard ran with, the two match; with another configuration
 * the replay shows what that configuration would have done.
 */
public final class GuardReplay {
    private GuardReplay() {}

    /**
     * The outcome of a replay.
     *
     * @param entries  entries read
     * @param replayed suspensions the replayed guard decided, in log order
     * @param recorded suspensions recorded in the log, in log order
     * @param guard    the replayed guard, holding every agent's baseline as of the end of the log
     */
    public record Report(long entries, List<Suspension> replayed, List<Suspension> recorded, Guard guard) {
        /**
         * Copies the lists.
         *
         * @param entries  entries read
         * @param replayed the replayed suspensions; copied
         * @param recorded the recorded suspensions; copied
         * @param guard    the replayed guard
         * @throws NullPointerException if a list or the guard is null
         */
        public Report {
            replayed = List.copyOf(replayed);
            recorded = List.copyOf(recorded);
            Objects.requireNonNull(guard, "guard");
        }

        /**
         * {@return true if the replay decided exactly the recorded suspensions (same agents, same trigger entries,
         * same order)}
         */
        public boolean matches() {
            if (replayed.size() != recorded.size()) {
                return false;
            }
            for (int i = 0; i < replayed.size(); i++) {
                if (!replayed.get(i).sameEvent(recorded.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * {@return the report as JSON: {@code entries}, {@code matches}, and {@code replayed} and {@code recorded}
         * (each suspension as {@link Suspension#toJson()})}
         */
        public JsonObject toJson() {
            var r = Jsonp.PROVIDER.createArrayBuilder();
            replayed.forEach(s -> r.add(s.toJson()));
            var c = Jsonp.PROVIDER.createArrayBuilder();
            recorded.forEach(s -> c.add(s.toJson()));
            return Jsonp.PROVIDER.createObjectBuilder().add("entries", entries).add("matches", matches())
                    .add("replayed", r).add("recorded", c).build();
        }
    }

    /**
     * Replays a store's audit log through a fresh guard, acting on nothing (no suspension, alert or entry).
     *
     * @param store  the registry store whose audit log is read from the start
     * @param config the configuration the fresh guard scores with (e.g. a candidate to compare)
     * @return what the replay decided next to what the log records
     * @throws StoreException if the log cannot be read
     */
    public static Report replay(Store store, GuardConfig config) throws StoreException {
        GuardService service = GuardService.builder(store, new Guard(config)).build();
        service.readAllWithoutActing();
        return new Report(service.position(), service.decided(), recorded(new AuditLog(store)), service.guard());
    }

    /**
     * The suspensions recorded in the log by the guard (in observe mode, those it would have made).
     *
     * @param log the audit log
     * @return the suspensions from its {@code guard} entries ({@code suspend} and {@code would-suspend}), in log order
     * @throws StoreException if the log cannot be read
     */
    public static List<Suspension> recorded(AuditLog log) throws StoreException {
        List<Suspension> out = new ArrayList<>();
        long size = log.size();
        for (long from = 0; from < size; from += GuardService.BATCH) {
            for (AuditEntry e : log.entries(from, GuardService.BATCH)) {
                if (!e.type().equals(GuardService.ACTOR)) {
                    continue;
                }
                JsonObject d = AuditEntries.parse(e.details());
                String action = AuditEntries.text(d, "action");
                if (!("suspend".equals(action) || "would-suspend".equals(action)) || !(d.get("trigger") instanceof JsonNumber t)) {
                    continue;
                }
                double score = 0;
                List<String> rules = new ArrayList<>();
                if (d.get("verdict") instanceof JsonObject v) {
                    if (v.get("score") instanceof JsonNumber n) {
                        score = n.doubleValue();
                    }
                    if (v.get("signals") instanceof JsonArray sigs) {
                        for (JsonValue s : sigs) {
                            if (s instanceof JsonObject so && so.get("rule") instanceof JsonString r) {
                                rules.add(r.getString());
                            }
                        }
                    }
                }
                out.add(new Suspension(e.subject(), t.longValue(), score, rules));
            }
        }
        return out;
    }
}
