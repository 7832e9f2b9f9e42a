package dev.mandate.cli.demo;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.web.DidWeb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts a local HTTPS server (127.0.0.1, self-signed certificate), gives the organisation and the
 * agent did:web identities on it, and writes their did.json files where the server serves them.
 */
final class DidWebStep implements DemoStep {
    @Override
    public String title() {
        return "Give both a did:web identity and publish the did.json files on a local HTTPS server";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        Path site = Files.createDirectories(ctx.workDir().resolve("site"));
        LocalHttpsServer server = ctx.onClose(LocalHttpsServer.start(site));
        ctx.say("HTTPS server on 127.0.0.1:%d with a freshly generated self-signed certificate for localhost", server.port());
        String base = "https://localhost:" + server.port();
        String org = publish(ctx, site, base, ctx.get(DemoValues.ORG_KEY), "org");
        String agent = publish(ctx, site, base + "/agents/agent-1", ctx.get(DemoValues.AGENT_KEY), "agent");
        ctx.say("the org's did.json:");
        ctx.show(Files.readString(site.resolve(DidWeb.hostingPath(org).substring(1))).strip());
        ctx.put(DemoValues.SERVER, server);
        ctx.put(DemoValues.ORG_DID_WEB, org);
        ctx.put(DemoValues.AGENT_DID_WEB, agent);
    }

    private static String publish(DemoContext ctx, Path site, String url, KeyMaterial key, String who) throws Exception {
        String did = DidWeb.didFor(url);
        Path file = site.resolve(DidWeb.hostingPath(did).substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, DidWeb.document(did, key.publicKey()).toPrettyJson() + "\n", StandardCharsets.UTF_8);
        ctx.say("%-6s %s", who + ":", did);
        ctx.say("       hosted at %s (file %s)", DidWeb.toUrl(did), ctx.workDir().relativize(file));
        return did;
    }
}
