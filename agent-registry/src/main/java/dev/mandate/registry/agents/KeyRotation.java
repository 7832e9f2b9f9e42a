package dev.mandate.registry.agents;

import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.jwk.DidJwk;
import dev.mandate.did.key.DidKey;
import dev.mandate.registry.IssueOptions;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.status.StatusPurpose;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Rotates an agent's key: adds the new key, re-issues the credentials bound to the old key or DID, revokes the
 * old credentials and retires the old key, each step with its audit entry.
 *
 * <p>For a did:web (or any method whose DID does not name its key) the DID stays: the new key is added to the
 * same DID as {@code did#<multikey>}, and a DID document served from the registry lists the new key instead of
 * the old one once the rotation finishes. For a did:key (or did:jwk) agent the key is the DID, so rotation gives
 * the agent a new DID: it is added as one of the agent's DIDs, and every recorded credential whose
 * {@code credentialSubject.id} is the old DID is re-issued to the new DID with the organisation's issuer key
 * (the {@link StatusService}'s key, with status entries of the same purposes), recorded, and the old one revoked
 * in the status store. A credential whose subject is the old key's DID URL is re-issued to the new key's DID URL.
 *
 * <p><b>Safely re-runnable, not atomic.</b> The steps are separate transactions, in this order: (1) add the new
 * DID, (2) add the new key, (3) per credential: sign the replacement, then record it and mark the old one replaced
 * in one transaction, (4) revoke each replaced credential, (5) retire the old key. If the process dies, call
 * {@link #rotate} again with the same old key id and new key: every step checks what is already done and skips
 * it (a credential is replaced at most once; a replacement signed but not recorded before the crash was never
 * handed out and is simply signed again). Until step 5 both keys are active, so the agent keeps working.
 *
 * <p>Credentials recorded by id only (no content), or issued by another issuer than the rotation's, cannot be
 * re-issued: they are reported in {@link Rotation#notReissued()} and left as they are.
 */
public final class KeyRotation {
    private final AgentRegistry registry;
    private final Store store;
    private final Optional<StatusService> issuer;

    /**
     * A rotation that re-issues nothing: one that would need to re-issue a credential (a did:key agent with recorded
     * credentials) is refused before any change.
     *
     * @param registry the registry
     * @param store    the store of the registry (old credentials are revoked there)
     * @throws NullPointerException if an argument is null
     */
    public KeyRotation(AgentRegistry registry, Store store) {
        this(registry, store, Optional.<StatusService>empty());
    }

    /**
     * A rotation that re-issues credentials bound to the old key with the organisation's issuer.
     *
     * @param registry the registry
     * @param store    the store of the registry (old credentials are revoked there)
     * @param issuer   the organisation's issuer (key, status lists) that re-issues credentials
     * @throws NullPointerException if an argument is null
     */
    public KeyRotation(AgentRegistry registry, Store store, StatusService issuer) {
        this(registry, store, Optional.of(Objects.requireNonNull(issuer, "issuer")));
    }

    /**
     * @param registry the registry
     * @param store    the store of the registry (old credentials are revoked there)
     * @param issuer   the organisation's issuer (key, status lists) that re-issues credentials; empty if this rotation
     *                 must not re-issue anything (then a rotation that would need to is refused before any change)
     * @deprecated use {@link #KeyRotation(AgentRegistry, Store)} to re-issue nothing and
     *     {@link #KeyRotation(AgentRegistry, Store, StatusService)} to re-issue
     */
    @Deprecated
    public KeyRotation(AgentRegistry registry, Store store, Optional<StatusService> issuer) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Rotates {@code oldKeyId} of {@code agent} to {@code newKey} (see the class description). Running it again
     * after a crash, or after it finished, with the same arguments completes or repeats nothing.
     *
     * @param agent    the agent's registry DID (or any of its DIDs)
     * @param oldKeyId the verification method id of the key to replace
     * @param newKey   the new public key
     * @param actor    who rotates it (recorded with the retired and the added key and in the audit log)
     * @param reason   why (recorded likewise)
     * @return what was retired, added, re-issued and revoked
     * @throws AgentException NOT_FOUND (agent or key), ILLEGAL_TRANSITION (retired agent, key retired by something
     *                        other than this rotation), DUPLICATE (new key belongs to another agent), INVALID (the new
     *                        key is the old one, credentials need re-issuing but there is no issuer)
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public Rotation rotate(String agent, String oldKeyId, PublicKeyValue newKey, String actor, String reason)
            throws AgentException, StoreException {
        Objects.requireNonNull(newKey, "newKey");
        Agent a = registry.findByDid(agent).orElseThrow(() -> new AgentException(AgentException.Reason.NOT_FOUND,
                "no agent " + agent + " in the registry"));
        String id = a.did();
        if (a.state() == AgentState.RETIRED) {
            throw new AgentException(AgentException.Reason.ILLEGAL_TRANSITION, "agent " + id + " is retired; its keys cannot be rotated");
        }
        AgentKey old = registry.keys(id).stream().filter(k -> k.id().equals(oldKeyId)).findFirst()
                .orElseThrow(() -> new AgentException(AgentException.Reason.NOT_FOUND, "agent " + id + " has no key " + oldKeyId));
        String oldDid = old.did();
        String newDid = oldDid.startsWith("did:key:") ? DidKey.didFor(newKey)
                : oldDid.startsWith("did:jwk:") ? DidJwk.didFor(newKey) : oldDid;
        String newKeyId = AgentRegistry.verificationMethodId(newDid, newKey);
        if (newKeyId.equals(oldKeyId) || newKey.toMultikey().equals(old.publicKeyMultibase())) {
            throw new AgentException(AgentException.Reason.INVALID, "the new key is the old key " + oldKeyId + "; rotate to a fresh key");
        }
        if (old.state() == AgentKey.State.RETIRED && registry.keys(id).stream().noneMatch(k -> k.id().equals(newKeyId))) {
            throw new AgentException(AgentException.Reason.ILLEGAL_TRANSITION, "key " + oldKeyId + " is already retired");
        }
        Set<String> bound = new java.util.HashSet<>();
        bound.add(oldKeyId);
        if (!newDid.equals(oldDid)) {
            bound.add(oldDid);
        }
        List<AgentCredential> toReissue = registry.credentialRecords(id).stream()
                .filter(c -> bound.contains(c.subject()) && c.replacedBy().isEmpty() && c.revoked().isEmpty()).toList();
        if (!toReissue.isEmpty() && issuer.isEmpty() && toReissue.stream().anyMatch(c -> !c.content().isEmpty())) {
            throw new AgentException(AgentException.Reason.INVALID, toReissue.size() + " credential(s) of " + id
                    + " are bound to " + oldDid + " and must be re-issued; give the issuer key to re-issue them");
        }
        registry.auditNote(id, actor, Jsonp.PROVIDER.createObjectBuilder().add("action", "rotate-key-start").add("oldKey", oldKeyId)
                .add("newKey", newKeyId).add("reason", reason).build());

        // (1) the new DID, (2) the new key
        if (!newDid.equals(oldDid) && registry.dids(id).stream().noneMatch(d -> d.did().equals(newDid))) {
            try {
                registry.addDid(id, newDid, actor, "key rotation from " + oldKeyId);
            } catch (AgentException e) {
                if (e.reason() != AgentException.Reason.DUPLICATE || !registry.findByDid(newDid).map(Agent::did).equals(Optional.of(id))) {
                    throw e;
                }
            }
        }
        AgentKey added = activeKey(id, newKeyId);
        if (added == null) {
            try {
                added = registry.addKey(id, newDid, newKey, actor, reason);
            } catch (AgentException e) {
                added = activeKey(id, newKeyId);
                if (e.reason() != AgentException.Reason.DUPLICATE || added == null) {
                    throw e;
                }
            }
        }

        // (3) re-issue
        Map<String, String> reissued = new LinkedHashMap<>();
        Map<String, String> notReissued = new LinkedHashMap<>();
        List<JsonObject> signed = new ArrayList<>();
        for (AgentCredential c : toReissue) {
            if (c.content().isEmpty()) {
                notReissued.put(c.id(), "only its id was recorded; record the credential itself to have it re-issued");
                continue;
            }
            String newSubject = c.subject().equals(oldKeyId) ? newKeyId : newDid;
            JsonObject replacement;
            try {
                replacement = reissue(c, newSubject);
            } catch (ProofException | IllegalArgumentException e) {
                notReissued.put(c.id(), e.getMessage());
                continue;
            }
            String recorded = registry.recordReplacement(id, c.id(), replacement, actor);
            String newId = ((JsonString) replacement.get("id")).getString();
            if (recorded.equals(newId)) {
                signed.add(replacement);
            } else {
                revokeQuietly(newId, actor); // a concurrent run replaced it first: ours was never handed out
            }
            reissued.put(c.id(), recorded);
        }

        // (4) revoke the replaced credentials
        List<String> revoked = new ArrayList<>();
        Map<String, String> notRevoked = new LinkedHashMap<>();
        store.batch(() -> { // one commit wait for all of them
            for (AgentCredential c : registry.credentialRecords(id)) {
                if (!bound.contains(c.subject()) || c.replacedBy().isEmpty() || c.revoked().isPresent()) {
                    continue;
                }
                try {
                    store.setStatus(c.id(), StatusPurpose.REVOCATION, 1, actor);
                    registry.markRevoked(id, c.id());
                    revoked.add(c.id());
                    reissued.putIfAbsent(c.id(), c.replacedBy());
                } catch (StoreException e) {
                    if (e.reason() == StoreException.Reason.UNAVAILABLE) {
                        throw e;
                    }
                    notRevoked.put(c.id(), e.getMessage());
                }
            }
            return null;
        });

        // (5) retire the old key
        AgentKey retired;
        try {
            retired = old.state() == AgentKey.State.RETIRED ? old : registry.retireKey(id, oldKeyId, actor, reason);
        } catch (AgentException e) {
            if (e.reason() != AgentException.Reason.ILLEGAL_TRANSITION) {
                throw e;
            }
            // retired meanwhile by a concurrent rotation of the same key
            retired = registry.keys(id).stream().filter(k -> k.id().equals(oldKeyId) && k.state() == AgentKey.State.RETIRED)
                    .findFirst().orElseThrow(() -> e);
        }
        JsonArrayBuilder r = Jsonp.PROVIDER.createArrayBuilder();
        revoked.forEach(r::add);
        var re = Jsonp.PROVIDER.createObjectBuilder();
        reissued.forEach(re::add);
        registry.auditNote(id, actor, Jsonp.PROVIDER.createObjectBuilder().add("action", "rotate-key-done").add("oldKey", oldKeyId)
                .add("newKey", newKeyId).add("reissued", re).add("revoked", r).add("notReissued", notReissued.size())
                .add("notRevoked", notRevoked.size()).build());
        Agent now = registry.agent(id).orElseThrow();
        return new Rotation(now, retired, added, newDid, reissued, signed, notReissued, revoked, notRevoked);
    }

    private AgentKey activeKey(String agent, String keyId) throws StoreException {
        return registry.keys(agent).stream().filter(k -> k.id().equals(keyId) && k.state() == AgentKey.State.ACTIVE).findFirst().orElse(null);
    }

    /** Signs the replacement: same claims, subject moved to {@code newSubject}, new id, validFrom and status entries. */
    private JsonObject reissue(AgentCredential old, String newSubject) throws ProofException, StoreException {
        JsonObject content;
        try (var reader = Jsonp.PROVIDER.createReader(new java.io.StringReader(old.content()))) {
            content = reader.readObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("its stored content is not a JSON object");
        }
        var b = Jsonp.PROVIDER.createObjectBuilder(content);
        b.remove("proof");
        b.remove("id");
        b.remove("credentialStatus");
        b.remove("validFrom");
        JsonValue subject = content.get("credentialSubject");
        if (subject instanceof JsonObject o) {
            b.add("credentialSubject", moveSubject(o, old.subject(), newSubject));
        } else if (subject instanceof JsonArray arr) {
            JsonArrayBuilder a = Jsonp.PROVIDER.createArrayBuilder();
            for (JsonValue v : arr) {
                a.add(v instanceof JsonObject o ? moveSubject(o, old.subject(), newSubject) : v);
            }
            b.add("credentialSubject", a);
        }
        Set<StatusPurpose> purposes = EnumSet.noneOf(StatusPurpose.class);
        store.entries(old.id()).forEach(e -> {
            if (e.purpose() == StatusPurpose.REVOCATION || e.purpose() == StatusPurpose.SUSPENSION) {
                purposes.add(e.purpose());
            }
        });
        return issuer.orElseThrow().issue(b.build(), IssueOptions.purposes(purposes).withoutAgentRecord()); // recorded below, with the replacement link
    }

    private static JsonObject moveSubject(JsonObject subject, String from, String to) {
        if (subject.get("id") instanceof JsonString s && s.getString().equals(from)) {
            return Jsonp.PROVIDER.createObjectBuilder(subject).add("id", to).build();
        }
        return subject;
    }

    private void revokeQuietly(String credentialId, String actor) {
        try {
            store.setStatus(credentialId, StatusPurpose.REVOCATION, 1, actor);
        } catch (StoreException e) {
            // no revocation entry, or the store is down: the orphan was never handed out either way
        }
    }
}
