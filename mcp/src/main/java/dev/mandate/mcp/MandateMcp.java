package dev.mandate.mcp;

import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.request.RequestSigner;

/**
 * Mandate for MCP (docs/mcp.md): {@link #signer} for an agent's MCP client, {@link #filter} for an MCP
 * server's Streamable HTTP servlet.
 */
public final class MandateMcp {
    private MandateMcp() {}

    /**
     * A request customizer for {@code HttpClientStreamableHttpTransport.Builder.addHttpRequestCustomizer}.
     *
     * @param signer the agent's request signer (key and chain)
     * @return a customizer that signs every MCP request for the operation the server will derive from it
     */
    public static MandateMcpSigner signer(RequestSigner signer) {
        return new MandateMcpSigner(signer);
    }

    /**
     * A servlet filter to map in front of the MCP transport servlet, for the endpoint's public URL.
     *
     * @param authorizer the authorizer (its trust policy grants {@code mcp+https://HOST/PATH/...} resources)
     * @param endpoint   the MCP endpoint's public URL as clients address it
     * @return the filter's builder (see {@link MandateMcpFilter#builder})
     */
    public static MandateMcpFilter.Builder filter(Authorizer authorizer, String endpoint) {
        return MandateMcpFilter.builder(authorizer, endpoint);
    }
}
