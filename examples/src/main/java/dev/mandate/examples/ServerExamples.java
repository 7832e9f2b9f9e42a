package dev.mandate.examples;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.server.KeySource;
import dev.mandate.server.MandateServer;
import dev.mandate.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

/** {@code mandate serve} as a library (docs/server.md, "Using it from Java"). */
public final class ServerExamples {
    private ServerExamples() {
    }

    /**
     * Starts the server of {@code configFile} on a free loopback port with the key {@code org} in memory, asks it to
     * verify {@code credentialJson}, and stops it.
     *
     * @param configFile the server's configuration (mandate-server.json)
     * @param orgKey the key the configuration calls {@code org}
     * @param credentialJson the credential to verify
     * @return the status code and body of the answer
     * @throws Exception if the server does not start or the request fails
     */
    public static String verifyOnce(Path configFile, KeyMaterial orgKey, String credentialJson) throws Exception {
        // tag::server[]
        ServerConfig config = ServerConfig.load(configFile).withPort(0);   // e.g. Path.of("mandate-server.json")
        try (MandateServer server = MandateServer.builder(config)
                .keys(KeySource.of(Map.of("org", orgKey)))      // or the configured key store (default)
                .start()) {
            URI verify = server.uri().resolve("/credentials/verify");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(verify)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"verifiableCredential\": " + credentialJson + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        }   // close() is the graceful shutdown
        // end::server[]
    }
}
