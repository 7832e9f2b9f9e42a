package dev.mandate.did.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Looks up the addresses of a host name (the system DNS by default). The SSRF address policy applies to what it returns. */
@FunctionalInterface
public interface HostResolver {
    /** The system resolver. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** The addresses of {@code host}. */
    List<InetAddress> lookup(String host) throws UnknownHostException;
}
