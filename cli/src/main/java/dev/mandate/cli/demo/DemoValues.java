package dev.mandate.cli.demo;

import dev.mandate.did.crypto.KeyMaterial;

/** The values the standard demo steps hand to each other. */
public final class DemoValues {
    private DemoValues() {
    }

    /** The organisation's key (Ed25519). */
    public static final DemoKey<KeyMaterial> ORG_KEY = DemoKey.of("org.key", KeyMaterial.class);
    /** The agent's key (P-256). */
    public static final DemoKey<KeyMaterial> AGENT_KEY = DemoKey.of("agent.key", KeyMaterial.class);
    /** The organisation's did:key. */
    public static final DemoKey<String> ORG_DID_KEY = DemoKey.of("org.did:key", String.class);
    /** The agent's did:key. */
    public static final DemoKey<String> AGENT_DID_KEY = DemoKey.of("agent.did:key", String.class);
    /** The organisation's did:web (served by {@link #SERVER}). */
    public static final DemoKey<String> ORG_DID_WEB = DemoKey.of("org.did:web", String.class);
    /** The agent's did:web (served by {@link #SERVER}). */
    public static final DemoKey<String> AGENT_DID_WEB = DemoKey.of("agent.did:web", String.class);
    /** The local HTTPS server hosting the did:web documents. */
    public static final DemoKey<LocalHttpsServer> SERVER = DemoKey.of("server", LocalHttpsServer.class);
}
