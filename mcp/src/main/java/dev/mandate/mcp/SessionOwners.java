package dev.mandate.mcp;

import dev.mandate.agent.Reason;
import dev.mandate.agent.authz.Operation;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which agent opened each MCP session: the filter records the {@code Mcp-Session-Id} the SDK assigns in its
 * answer to an allowed request without a session (the {@code initialize}), and afterwards refuses a request
 * carrying that session id unless it comes from the same agent, so one agent cannot read another's event
 * stream, end its session or post into it. Bounded: past {@code max} sessions the least recently used is
 * forgotten (its next request is refused like an unknown session's, and the client initializes again).
 */
final class SessionOwners {
    private final Map<String, String> owners;

    SessionOwners(int max) {
        this.owners = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > max;
            }
        };
    }

    /** {@code op}, or a refusal when {@code session} is not a session the claimed agent opened. */
    Operation check(String session, Optional<String> claimed, Operation op) {
        String owner;
        synchronized (owners) {
            owner = owners.get(session);
        }
        if (owner != null && claimed.isPresent() && owner.equals(claimed.get())) return op;
        String shown = session.length() > 64 ? session.substring(0, 64) + "..." : session;
        return Operation.refused(op.resource(), Reason.of(Reason.Code.INTENT_MISMATCH, "MCP session " + shown.replaceAll("[^\\x21-\\x7e]", "?")
                + " is not a session of the calling agent (unknown, expired, or opened by another agent); initialize a new session"));
    }

    /** The response, recording the session id the SDK sets on it as {@code agent}'s. */
    HttpServletResponse recording(HttpServletResponse response, String agent) {
        return new HttpServletResponseWrapper(response) {
            @Override
            public void setHeader(String name, String value) {
                record(name, value);
                super.setHeader(name, value);
            }

            @Override
            public void addHeader(String name, String value) {
                record(name, value);
                super.addHeader(name, value);
            }

            private void record(String name, String value) {
                if (value != null && MandateMcpFilter.SESSION_HEADER.equalsIgnoreCase(name)) {
                    synchronized (owners) {
                        owners.put(value, agent);
                    }
                }
            }
        };
    }

    /** Forgets an ended session. */
    void forget(String session) {
        synchronized (owners) {
            owners.remove(session);
        }
    }
}
