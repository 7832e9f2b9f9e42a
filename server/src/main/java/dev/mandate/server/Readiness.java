package dev.mandate.server;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The checks behind {@code GET /health/ready}: each names a dependency (the store, the audit writer, a
 * shared-state Redis, ...) and says what is wrong with it, or nothing. Ready means every check passed
 * within {@link #TIMEOUT_MS} ms; a check that hangs counts as failed. Checks run one after another on a
 * small daemon pool, so a hanging dependency cannot pile up request threads.
 */
final class Readiness implements AutoCloseable {
    /** Most milliseconds a check may take. */
    static final long TIMEOUT_MS = 2_000;

    private record Named(String name, ReadinessCheck check) {}

    private final List<Named> checks = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mandate-readiness");
        t.setDaemon(true);
        return t;
    });

    void add(String name, ReadinessCheck check) {
        checks.add(new Named(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check")));
    }

    /** The result: {@code {"status": "ready"|"not ready", "checks": {name: "ok" | problem}}} and whether all passed. */
    Result run() {
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder();
        boolean ok = true;
        for (Named n : checks) {
            String outcome;
            Future<Optional<String>> f = pool.submit(n.check()::problem);
            try {
                outcome = f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS).orElse("ok");
            } catch (TimeoutException e) {
                f.cancel(true);
                outcome = "no answer within " + TIMEOUT_MS + " ms";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = "interrupted";
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause() == null ? e : e.getCause();
                outcome = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            }
            ok &= outcome.equals("ok");
            b.add(n.name(), outcome);
        }
        return new Result(ok, Jsonp.PROVIDER.createObjectBuilder().add("status", ok ? "ready" : "not ready").add("checks", b).build());
    }

    record Result(boolean ready, JsonObject json) {}

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
