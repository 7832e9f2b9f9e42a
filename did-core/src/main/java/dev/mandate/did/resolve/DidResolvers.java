package dev.mandate.did.resolve;

import dev.mandate.did.jwk.DidJwk;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.web.DidWebOptions;
import dev.mandate.did.web.DidWebResolver;

/** Ready-made resolvers. */
public final class DidResolvers {
    private DidResolvers() {}

    /** {@return a resolver for did:key, did:jwk and did:web (with {@link DidWebOptions#defaults()}), with a result cache} */
    public static CompositeResolver standard() {
        return standard(DidWebOptions.defaults());
    }

    /**
     * did:key, did:jwk and did:web with the given did:web options, with a result cache for did:key and did:jwk.
     *
     * @param webOptions timeouts, size limit, address policy and cache of the did:web resolver
     * @return the resolver (thread-safe)
     */
    public static CompositeResolver standard(DidWebOptions webOptions) {
        return CompositeResolver.builder()
                .method("key", new DidKey(), true)
                .method("jwk", new DidJwk(), true)
                .method("web", new DidWebResolver(webOptions), false)
                .build();
    }

    /** {@return a resolver for did:key and did:jwk only, which never touches the network (did:web gives methodNotSupported)} */
    public static CompositeResolver offline() {
        return CompositeResolver.builder()
                .method("key", new DidKey(), true)
                .method("jwk", new DidJwk(), true)
                .build();
    }
}
