package dev.mandate.registry.audit;

import dev.mandate.registry.Store;
import dev.mandate.registry.StoreAudit;

import java.time.Clock;

/**
 * Audits a store's status changes in its {@link AuditLog}: the {@link StoreAudit} service that
 * {@link dev.mandate.registry.Stores#open(String)} requires (registered in {@code META-INF/services}).
 */
public final class StoreAuditProvider implements StoreAudit.Provider {
    /** Made by {@link java.util.ServiceLoader}. */
    public StoreAuditProvider() {}

    @Override
    public StoreAudit open(Store store, Clock clock) {
        return new AuditLog(store, clock)::appendIn;
    }
}
