package dev.mandate.cli;

import com.nimbusds.jose.jwk.JWK;
import com.sun.net.httpserver.HttpServer;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.registry.PublishedList;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Serves a store's Bitstring Status Lists on loopback at {@code http://127.0.0.1:<port>/status-lists/<id>},
 * signed by one issuer key, as {@code mandate serve} does: what {@code vc verify --allow-http-loopback} fetches.
 */
final class StatusListServer implements AutoCloseable {
    private final HttpServer server;
    private final String base;
    private final String store;
    private final IssuerKey key;

    private StatusListServer(HttpServer server, String base, String store, IssuerKey key) {
        this.server = server;
        this.base = base;
        this.store = store;
        this.key = key;
    }

    /** Starts serving the lists of {@code store} signed by {@code key}. */
    static StatusListServer start(String store, IssuerKey key) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/status-lists/";
        StatusListServer lists = new StatusListServer(server, base, store, key);
        server.createContext("/status-lists/", ex -> {
            try (Store s = Stores.open(store)) {
                String id = ex.getRequestURI().getPath().substring("/status-lists/".length());
                Optional<PublishedList> p = lists.service(s).publish(id);
                if (p.isEmpty()) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = p.get().credential().toString().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Cache-Control", p.get().cacheControl());
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            } catch (Exception e) {
                ex.sendResponseHeaders(500, -1);
            } finally {
                ex.close();
            }
        });
        server.start();
        return lists;
    }

    /** The URL prefix of the lists ({@code MANDATE_STATUS_URL}). */
    String base() {
        return base;
    }

    /** The status service of these lists over an open {@code store}. */
    StatusService service(Store s) {
        return new StatusService(s, base, key, new Issuer());
    }

    /** The JDBC URL of the store. */
    String store() {
        return store;
    }

    /** The eddsa-rdfc-2022 issuer key of the Ed25519 key {@code name} in the harness's key store (its did:key). */
    static IssuerKey issuerKey(CliHarness cli, String name) throws Exception {
        JsonObject exported = cli.run("key", "export", "--name", name, "--private").json();
        KeyMaterial km = KeyMaterial.fromJwk(JWK.parse(exported.getJsonObject("privateKeyJwk").toString()));
        String mk = km.publicKey().toMultikey();
        return new IssuerKey("did:key:" + mk, "did:key:" + mk + "#" + mk, "eddsa-rdfc-2022", km.signer());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
