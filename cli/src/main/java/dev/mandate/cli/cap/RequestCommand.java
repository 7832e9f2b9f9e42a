package dev.mandate.cli.cap;

import dev.mandate.agent.CanonicalUrl;
import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.authz.Amounts;
import dev.mandate.agent.request.Amount;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.cli.CliException;
import dev.mandate.cli.Durations;
import dev.mandate.cli.KeyCommand;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.vc.Signing;
import dev.mandate.did.crypto.KeyMaterial;
import jakarta.json.JsonObject;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code mandate request}: sign an HTTP request with an agent's key and capability chain, and send it. */
@Command(name = "request", footerHeading = "%nExamples:%n", footer = {"  mandate request --key sub --cap chain.json https://api.example/orders/history/1",
                "  mandate request --key agent --cap root.json --action pay --amount '120.00 EUR' -d '{\"amount\":\"120.00\",\"currency\":\"EUR\"}' https://api.example/orders/7"},
        mixinStandardHelpOptions = true, description = {"Sign an HTTP request for an agent (Authorization: Mandate <jws>, Mandate-Chain,",
        "Content-Digest) and send it, curl-like: the response body goes to stdout, the status to stderr.",
        "A request that moves money signs its amount (--amount, or the amount and currency its body states).",
        "Exit 0 for a 2xx response, 1 otherwise, 3 if the server cannot be reached."})
public final class RequestCommand extends MandateSubcommand {
        /** {@code -o/--output FILE}. */
        @picocli.CommandLine.Mixin(name = dev.mandate.cli.OutputOption.NAME)
        dev.mandate.cli.OutputOption outputFile;

    @Option(names = "--key", required = true, paramLabel = "NAME", description = "The agent's key in the key store.")
    String key;
    @Option(names = "--cap", required = true, paramLabel = "FILE", description = "The agent's capability credential or chain.")
    String cap;
    @Option(names = {"-X", "--request"}, paramLabel = "METHOD", defaultValue = "GET", description = "HTTP method (default GET, or POST with -d).")
    String method;
    @Option(names = {"-d", "--data"}, paramLabel = "BODY", description = "Request body (sent as application/json unless -H Content-Type).")
    String data;
    @Option(names = {"-H", "--header"}, paramLabel = "NAME: VALUE", description = "Extra header. Repeatable.")
    List<String> headers = new ArrayList<>();
    @Option(names = "--action", paramLabel = "ACTION", description = "Declared intent action (default read for GET/HEAD, write otherwise).")
    String action;
    @Option(names = "--resource", paramLabel = "URL", description = "Declared intent resource (default: the URL without its query).")
    String resource;
    @Option(names = "--amount", paramLabel = "'DECIMAL CUR'", description = {"The amount the request moves, signed in the proof (claims amt, cur), e.g. '120.00 EUR';",
            "required by a capability with maxAmount. Default: the amount and currency the body (JSON or form) states, if it states one."})
    String amount;
    @Option(names = "--lifetime", paramLabel = "DURATION", defaultValue = "30s", description = "Proof lifetime (default 30s).")
    String lifetime;
    @Option(names = "--save", paramLabel = "FILE", description = "Also write the signed request as a request file (for mandate authorize).")
    Path save;
    @Option(names = "--dry-run", description = "Sign only; do not send. Prints the request file (for mandate authorize) on stdout, unless --save writes it.")
    boolean dryRun;
    @Parameters(index = "0", paramLabel = "URL", description = "Target URL (http or https).")
    String url;

    @Override
    public Integer call() {
        String m = (data != null && "GET".equals(method) ? "POST" : method).toUpperCase(Locale.ROOT);
        byte[] body = data == null ? new byte[0] : data.getBytes(StandardCharsets.UTF_8);
        KeyMaterial km = KeyCommand.material(keyStore(), KeyCommand.load(keyStore(), key));
        Signing s = Signing.identity(km, Optional.empty(), Optional.empty(), "--key");
        List<JsonObject> chain = CapFiles.readChain(cap, environment());
        Duration life = Durations.parse("--lifetime", lifetime);
        String act = action != null ? action : (m.equals("GET") || m.equals("HEAD") ? "read" : "write");
        String res = resource != null ? resource : (url.indexOf('?') >= 0 ? url.substring(0, url.indexOf('?')) : url);
        Map<String, String> all = new LinkedHashMap<>();
        for (String h : headers) {
            int c = h.indexOf(':');
            if (c <= 0) throw CliException.usage("-H " + CliException.shorten(h), "not a header", "write -H 'Name: value'");
            all.put(h.substring(0, c).trim(), h.substring(c + 1).trim());
        }
        if (body.length > 0 && all.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) all.put("Content-Type", "application/json");
        Optional<Amount> declared = declaredAmount(m, url, body, all);
        try {
            RequestSigner signer = new RequestSigner(s.did(), s.verificationMethod(), km.signer(), chain, Clock.systemUTC(), life);
            all.putAll(signer.headers(m, url, body, new Intent(act, res, declared)));
        } catch (CapabilityException e) {
            throw CliException.usage(url, e.getMessage(), "pass an absolute http(s) URL and a capability chain");
        }
        if (save != null) {
            try {
                Files.writeString(environment().resolve(save), CapFiles.requestFile(m, url, all, body).toString());
            } catch (IOException e) {
                throw CliException.dependency(save.toString(), "cannot write: " + CliException.describeIo(e), "check the path", e);
            }
        }
        if (dryRun) {
            if (save == null) {
                printJson(CapFiles.requestFile(m, url, all, body));
            }
            return 0;
        }
        Request.Builder rb = new Request.Builder().url(url);
        all.forEach(rb::header);
        String ct = all.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type")).map(Map.Entry::getValue).findFirst().orElse("application/octet-stream");
        rb.method(m, body.length == 0 && (m.equals("GET") || m.equals("HEAD") || m.equals("DELETE")) ? null : RequestBody.create(body, MediaType.parse(ct)));
        try (Response r = new OkHttpClient().newCall(rb.build()).execute()) {
            note("HTTP " + r.code());
            environment().out().print(r.body().string());
            environment().out().flush();
            return r.isSuccessful() ? 0 : 1;
        } catch (IOException e) {
            throw CliException.dependency(url, "request failed: " + CliException.describeIo(e), "check that the server is running", e);
        }
    }

    /**
     * The amount to sign: {@code --amount}, which what the body and query state must not contradict (the
     * authorizer would refuse the request), or else the one amount and currency the body states.
     */
    private Optional<Amount> declaredAmount(String method, String url, byte[] body, Map<String, String> headers) {
        Amounts.Stated inBody = Amounts.inBody(new SimpleRequest(method, url, headers, body));
        Amounts.Stated inQuery;
        try {
            inQuery = Amounts.inQuery(CanonicalUrl.request(url).query().orElse(""));
        } catch (CapabilityException e) {
            throw CliException.usage(url, e.getMessage(), "pass an absolute http(s) URL in canonical form");
        }
        if (amount == null) {
            Optional<Amount> fromBody = inBody.single();
            fromBody.ifPresent(a -> note("signing amount " + a + ", as the body states (--amount to sign it explicitly)"));
            if (fromBody.isEmpty() && !inBody.amounts().isEmpty()) {
                note("the body states an amount but not one amount and currency; pass --amount '<decimal> <CUR>' to sign it");
            }
            return fromBody;
        }
        Amount a;
        try {
            a = Amount.parse(amount);
        } catch (CapabilityException e) {
            throw CliException.usage("--amount " + CliException.shorten(amount), e.getMessage(), "write e.g. --amount '120.00 EUR'");
        }
        for (Amounts.Stated stated : List.of(inBody, inQuery)) {
            Optional<String> why = stated.contradiction(a);
            if (why.isPresent()) {
                throw CliException.usage("--amount " + CliException.shorten(amount), why.get(), "the authorizer would refuse it; make the two agree");
            }
        }
        return Optional.of(a);
    }

}
