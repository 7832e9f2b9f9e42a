package dev.mandate.registry;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds the implementations that modules above this one supply ({@link StoreAudit}, {@link IssuanceRecorder}). */
final class Services {
    private Services() {}

    /**
     * The first {@code service} implementation {@code loader} sees.
     *
     * @param service  the service type
     * @param artifact the Maven artifact that implements it, named in the refusal
     * @param needs    what needs it, for the refusal ("the store audits every status change")
     * @param loader   where to look
     * @throws StoreException UNAVAILABLE naming the artifact to add when there is none, or it cannot be loaded
     */
    static <T> T require(Class<T> service, String artifact, String needs, ClassLoader loader) throws StoreException {
        try {
            Iterator<T> found = ServiceLoader.load(service, loader).iterator();
            if (found.hasNext()) {
                return found.next();
            }
        } catch (ServiceConfigurationError e) {
            throw new StoreException(StoreException.Reason.UNAVAILABLE, needs + ", but its implementation in " + artifact
                    + " cannot be loaded: " + e.getMessage());
        }
        throw new StoreException(StoreException.Reason.UNAVAILABLE, needs + ", but " + artifact
                + " is not on the class path: add the dependency dev.mandate:" + artifact);
    }
}
