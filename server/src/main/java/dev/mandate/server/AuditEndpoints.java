package dev.mandate.server;

import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.registry.audit.SignedTreeHead;
import dev.mandate.registry.audit.TreeHead;
import dev.mandate.server.RegistryRequests.Invalid;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.Comparator;
import java.util.List;

import static dev.mandate.server.RegistryRequests.bad;
import static dev.mandate.server.RegistryRequests.notAllowed;
import static dev.mandate.server.RegistryRequests.number;
import static dev.mandate.server.RegistryRequests.query;
import static dev.mandate.server.RegistryRequests.storeFailed;

/**
 * The audit-log routes of {@code mandate serve}, mounted by {@link RegistryEndpoints} over the server's store:
 * {@code GET /audit/tree-head} (with the newest signed tree head), {@code GET /audit/entries?from=&max=} (pages of at
 * most {@link #MAX_PAGE}, with {@code next}) and {@code GET /audit/proof/{seq}} (an inclusion proof). They need a token
 * with the {@code registry} scope.
 */
final class AuditEndpoints {
    static final String AUDIT = "/audit/";
    /** Most audit entries per page. */
    static final int MAX_PAGE = 1000;

    private final AuditLog audit;

    AuditEndpoints(Store store, java.time.Clock clock) {
        this.audit = new AuditLog(store, clock);
    }

    void auditRoute(Exchange ex, String rest, RegistryEndpoints.Access access) {
        String route = rest.equals("tree-head") || rest.equals("entries") ? AUDIT + rest
                : rest.startsWith("proof/") ? AUDIT + "proof/{seq}" : "unmatched";
        ex.request.setAttribute(Exchange.ATTR_ROUTE, route);
        if (route.equals("unmatched")) {
            bad(ex, 404, "NOT_FOUND", "Not Found", "no endpoint at " + Exchange.clip(AUDIT + rest)
                    + "; use /audit/tree-head, /audit/entries or /audit/proof/{seq}");
            return;
        }
        if (!ex.request.getMethod().equals("GET")) {
            notAllowed(ex, route, "GET");
            return;
        }
        if (!access.authorize(ex)) {
            return;
        }
        try {
            if (rest.equals("tree-head")) {
                TreeHead head = audit.treeHead();
                JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder().add("treeSize", head.size()).add("rootHash", head.rootHex());
                audit.signedTreeHeads().stream().max(Comparator.comparingLong(SignedTreeHead::treeSize).thenComparing(SignedTreeHead::timestamp))
                        .ifPresent(s -> b.add("signed", s.toJson()));
                ex.json(200, b.build());
            } else if (rest.equals("entries")) {
                long from = number(query(ex, "from"), 0, Long.MAX_VALUE, "from");
                long max = number(query(ex, "max"), 100, MAX_PAGE, "max");
                List<AuditEntry> entries = audit.entries(from, (int) max);
                JsonArrayBuilder a = Jsonp.PROVIDER.createArrayBuilder();
                entries.forEach(e -> a.add(e.toJson()));
                JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder().add("entries", a);
                if (entries.size() == max) {
                    b.add("next", entries.get(entries.size() - 1).seq() + 1);
                }
                ex.json(200, b.build());
            } else {
                long seq = number(rest.substring("proof/".length()), -1, Long.MAX_VALUE, "seq");
                if (seq < 0) {
                    throw new Invalid("the entry number is missing: /audit/proof/{seq}");
                }
                ex.json(200, audit.prove(seq).toJson());
            }
        } catch (Invalid e) {
            bad(ex, 400, "BAD_REQUEST", "Bad Request", e.getMessage());
        } catch (StoreException e) {
            storeFailed(ex, e);
        }
    }
}
