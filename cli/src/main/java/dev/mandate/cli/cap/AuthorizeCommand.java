package dev.mandate.cli.cap;

import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.Reason;
import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.authz.Decision;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.cli.CliException;
import dev.mandate.cli.MandateSubcommand;
import dev.mandate.cli.vc.Inputs;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** {@code mandate authorize}: decide offline whether a signed request is allowed, and explain. */
@Command(name = "authorize", footerHeading = "%nExamples:%n", footer = {"  mandate request --key sub --cap chain.json --dry-run --save req.json https://api.example/orders/1", "  mandate authorize --policy policy.json req.json",
        "  mandate authorize --policy policy.json --redis redis://127.0.0.1:6379/0 req.json"},
        mixinStandardHelpOptions = true, description = {"Decide offline whether a signed agent request is allowed, and explain why.",
        "Prints the decision as JSON on stdout and one line per check or reason on stderr. Exit 0 allow, 1 deny.",
        "",
        "Policy file: {\"maxDepth\": 2, \"audience\": [\"did:web:supplier.example\"],",
        "              \"trust\": [{\"issuer\": \"did:key:...\", \"resources\": [\"https://api.supplier.example/\"]}]}",
        "Request file: {\"method\": \"POST\", \"uri\": \"https://api.supplier.example/orders/1\",",
        "               \"headers\": {\"Authorization\": \"Mandate <jws>\", \"Mandate-Chain\": \"...\"}, \"body\": \"...\"}",
        "(mandate request --save FILE --dry-run writes one). Only did:key and did:jwk resolve offline.",
        "",
        "With --redis URL (or $MANDATE_REDIS) the nonce and rate counts are the ones every gateway on that Redis shares:",
        "a request already used there is refused here as a replay. If Redis does not answer: DENY with STATE_UNAVAILABLE, exit 3."})
public final class AuthorizeCommand extends MandateSubcommand {
    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "Trust policy (JSON).")
    String policy;
    @Option(names = "--at", paramLabel = "TIME", description = "Decide as of this time (RFC 3339), not now.")
    String at;
    @Parameters(index = "0", paramLabel = "REQUEST_FILE", description = "The signed request (JSON request file).")
    String requestFile;
    @Option(names = "--verifier-name", paramLabel = "NAME", defaultValue = "mandate-authorize",
            description = "With --store or $MANDATE_STORE: the decision is written to that store's audit log under this name (default: ${DEFAULT-VALUE}).")
    String verifierName;
    @picocli.CommandLine.Mixin
    dev.mandate.cli.status.StoreOption storeOption;
    @picocli.CommandLine.Mixin
    dev.mandate.cli.RedisOption redisOption;

    @Override
    public Integer call() {
        TrustPolicy p;
        try {
            p = TrustPolicy.parse(Inputs.read(policy, environment()));
        } catch (CapabilityException e) {
            throw CliException.usage(policy, e.getMessage(), "see mandate authorize --help for the policy format");
        }
        Clock clock = Clock.systemUTC();
        if (at != null) {
            try {
                clock = Clock.fixed(Instant.parse(at), ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw CliException.usage("--at " + CliException.shorten(at), "not an RFC 3339 time", "write e.g. 2026-03-02T10:00:00Z");
            }
        }
        DidMethodResolver resolver = new DidMethodResolver(DidResolvers.offline());
        Verifier verifier = Verifier.builder(resolver).clock(clock).build();
        java.util.List<dev.mandate.agent.authz.DecisionEvent> seen = new java.util.ArrayList<>();
        Authorizer.Builder ab = Authorizer.builder(verifier, p).clock(clock).onDecision(seen::add);
        java.util.Optional<dev.mandate.state.redis.RedisSettings> redis = redisOption.settings(environment(), java.util.Optional.empty());
        var request = CapFiles.readRequest(requestFile, environment());
        Decision d;
        if (redis.isPresent()) {
            // the nonce and the rate count are shared with every gateway on this Redis: a request used there is a replay here
            try (dev.mandate.state.redis.RedisSharedState shared = dev.mandate.state.redis.RedisSharedState.open(redis.get())) {
                d = ab.replayCache(shared.replayCache()).rateLimiter(shared.rateLimiter()).build().authorize(request);
            }
        } else {
            d = ab.build().authorize(request);
        }
        if (storeOption.explicit(environment()) && !seen.isEmpty()) {
            try (dev.mandate.registry.Store store = storeOption.open(environment())) {
                var draft = dev.mandate.guard.service.DecisionAuditor.draft(seen.get(0), verifierName);
                new dev.mandate.registry.audit.AuditLog(store).append(draft.type(), draft.actor(), draft.subject(), draft.details());
            } catch (dev.mandate.registry.StoreException e) {
                throw dev.mandate.cli.status.StoreOption.translate(e, storeOption.displayUrl(environment()));
            }
        }
        note((d.allow() ? "ALLOW " : "DENY ") + (d.agentDid().isEmpty() ? "(unknown agent)" : d.agentDid()));
        d.checks().forEach(c -> note("  ok: " + c));
        for (Reason r : d.reasons()) note("  " + r.code() + ": " + r.message());
        printJson(d.toJson());
        if (!d.allow() && d.reasons().stream().anyMatch(r -> r.code() == Reason.Code.STATE_UNAVAILABLE)) {
            return dev.mandate.cli.ExitCode.DEPENDENCY; // not a verdict on the request: Redis did not answer
        }
        return d.allow() ? 0 : 1;
    }
}
