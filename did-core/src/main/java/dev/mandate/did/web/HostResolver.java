package dev.mandate.did.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Looks up the addresses of a host name (the system DNS by default). The SSRF address policy applies to what it returns. */
@FunctionalInterface
public interface HostResolver {
    /** The system resolver. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * {@return the addresses of {@code host}}
     *
     * @param host a DNS name or IP literal
     * @throws UnknownHostException if the name does not resolve
     */
    List<InetAddress> lookup(String host) throws UnknownHostException;
}
