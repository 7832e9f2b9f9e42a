package dev.mandate.registry.agents;

import dev.mandate.registry.JdbcTransactions;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.json.Jsonp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The signed A2A Agent Card each registered agent publishes (docs/a2a.md, "Cards of registered agents"): one per
 * agent, replaced when published again, each publication audited (type {@value AgentRegistry#AUDIT_TYPE}, action
 * {@code publish-card}, with the card's SHA-256). The registry stores the card as given: callers verify its
 * signatures (module {@code mandate-a2a}) before publishing and again before serving it, since keys may have
 * been retired since.
 */
public final class AgentCards {
    /** Largest card stored, in UTF-8 bytes (the A2A card verifier reads at most 1 MiB; a registry keeps less). */
    public static final int MAX_CARD_BYTES = 256 * 1024;

    /**
     * A published card: its JSON text, when and by whom it was published.
     *
     * @param agent             the agent's registry DID
     * @param card              the card's JSON text, as published
     * @param publishedAtMillis when it was published, epoch milliseconds
     * @param publishedBy       who published it
     */
    public record PublishedCard(String agent, String card, long publishedAtMillis, String publishedBy) {
        /**
         * Validates.
         *
         * @param agent             the agent's registry DID
         * @param card              the card's JSON text, as published
         * @param publishedAtMillis when it was published, epoch milliseconds
         * @param publishedBy       who published it
         * @throws NullPointerException naming the null component
         */
        public PublishedCard {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(card, "card");
            Objects.requireNonNull(publishedBy, "publishedBy");
        }
    }

    private final Store store;
    private final Clock clock;
    private final AuditLog audit;
    private final AgentRegistry registry;

    /**
     * Opens the cards in {@code store}, timestamped by the system UTC clock. Thread-safe.
     *
     * @param store the store holding the agent registry; not null
     */
    public AgentCards(Store store) {
        this(store, Clock.systemUTC());
    }

    /**
     * Opens the cards in {@code store}, timestamped by {@code clock}. Thread-safe.
     *
     * @param store the store holding the agent registry; not null
     * @param clock the clock for publication times; not null
     */
    public AgentCards(Store store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = new AuditLog(store, clock);
        this.registry = new AgentRegistry(store, clock);
    }

    /**
     * Publishes {@code card} (JSON text whose signatures the caller verified) for the agent that {@code did} names
     * (any of its DIDs), replacing its earlier card. Refused for an unknown or retired agent.
     *
     * @param did   any DID of the agent
     * @param card  the card's JSON text; not null, 1 to {@link #MAX_CARD_BYTES} UTF-8 bytes
     * @param actor who publishes it (recorded in the audit log); 1 to 2048 characters
     * @return the agent's registry DID
     * @throws AgentException {@code NOT_FOUND}, {@code ILLEGAL_TRANSITION} (retired), {@code INVALID} (card empty or
     *                        too large, bad actor)
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public String publish(String did, String card, String actor) throws AgentException, StoreException {
        Objects.requireNonNull(card, "card");
        byte[] bytes = card.getBytes(StandardCharsets.UTF_8);
        if (card.isBlank() || bytes.length > MAX_CARD_BYTES) {
            throw new AgentException(AgentException.Reason.INVALID, "an agent card must be 1 to " + MAX_CARD_BYTES + " bytes of JSON");
        }
        if (actor == null || actor.isBlank() || actor.length() > AgentRegistry.MAX_FIELD_CHARS) {
            throw new AgentException(AgentException.Reason.INVALID, "actor must be 1 to " + AgentRegistry.MAX_FIELD_CHARS + " characters");
        }
        Agent agent = registry.findByDid(did).orElseThrow(() -> new AgentException(AgentException.Reason.NOT_FOUND,
                "no registered agent has the DID " + did + "; register it with mandate agent register"));
        if (agent.state() == AgentState.RETIRED) {
            throw new AgentException(AgentException.Reason.ILLEGAL_TRANSITION, "agent " + agent.did() + " is retired; it publishes no card");
        }
        String sha = sha256(bytes);
        JdbcTransactions.write(store, c -> {
            long now = clock.millis();
            try (PreparedStatement p = c.prepareStatement("DELETE FROM agent_card WHERE agent = ?")) {
                p.setString(1, agent.did());
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO agent_card (agent, card, published_at, published_by) VALUES (?, ?, ?, ?)")) {
                JdbcTransactions.bind(p, agent.did(), card, now, actor);
                p.executeUpdate();
            }
            audit.appendIn(c, AgentRegistry.AUDIT_TYPE, actor, agent.did(), Jsonp.PROVIDER.createObjectBuilder()
                    .add("action", "publish-card").add("cardSha256", sha).build());
            return null;
        });
        return agent.did();
    }

    /**
     * Reads the card the agent that {@code did} names (any of its DIDs) published. Signatures are not checked.
     *
     * @param did any DID of the agent
     * @return the card, or empty for an unknown agent or one that published none
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public Optional<PublishedCard> card(String did) throws StoreException {
        Optional<Agent> agent = registry.findByDid(did);
        if (agent.isEmpty()) {
            return Optional.empty();
        }
        return JdbcTransactions.read(store, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT card, published_at, published_by FROM agent_card WHERE agent = ?")) {
                p.setString(1, agent.get().did());
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(new PublishedCard(agent.get().did(), rs.getString(1), rs.getLong(2), rs.getString(3)))
                            : Optional.<PublishedCard>empty();
                }
            }
        });
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
