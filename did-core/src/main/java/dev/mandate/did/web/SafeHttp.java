package dev.mandate.did.web;

import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import okio.BufferedSource;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP client settings every fetch of untrusted URLs shares (did:web documents, status lists, their
 * push stream): no proxy, no redirects followed by OkHttp, no retries, bounded timeouts, an SSRF-safe DNS
 * that looks up only DNS names ({@link Host}) and drops addresses the {@link AddressPolicy} refuses, a socket
 * factory that checks every address again just before connecting (OkHttp connects to IP-literal hosts without
 * asking the DNS), optional extra TLS anchors, and capped reads.
 *
 * <p>Callers check the URL's host with {@link Host#ofUrlHost(String)} and the policy before making a call;
 * what this client enforces is the second line.
 */
public final class SafeHttp {
    /**
     * The common part of the one message every fetch gives for a host that is refused (address policy, non-canonical
     * IP spelling) or not reachable (DNS failure, connection refused, timeout, TLS failure): no port-scanning oracle.
     */
    public static final String UNREACHABLE = "the host is not reachable or not allowed";

    private SafeHttp() {
    }

    /**
     * {@return a client for untrusted URLs}
     *
     * @param call    overall limit per call; {@link Duration#ZERO} for none (long-lived streams)
     * @param trusted TLS anchors used instead of the system CAs; empty for the system CAs
     * @param connect  connect timeout
     * @param read     read timeout
     * @param resolver looks up host names; every address goes through {@code policy}
     * @param policy   the addresses that may be contacted
     * @throws IllegalArgumentException if the trusted certificates cannot be turned into a trust store
     */
    public static OkHttpClient client(Duration connect, Duration read, Duration call, List<X509Certificate> trusted,
                                      HostResolver resolver, AddressPolicy policy) {
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(connect.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(read.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(read.toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(call.toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .proxy(Proxy.NO_PROXY)
                .dns(new PolicyDns(resolver, policy))
                .socketFactory(new GuardedSocketFactory(policy));
        if (!trusted.isEmpty()) {
            X509TrustManager tm = trustManager(trusted);
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {tm}, null);
                b.sslSocketFactory(ctx.getSocketFactory(), tm);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot set up TLS with the trusted certificates: " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    /**
     * {@return the body if it has at most {@code max} bytes (checked while reading), else empty}
     *
     * @param body the response body (not closed here)
     * @param max  the most bytes accepted
     * @throws IOException if reading fails
     */
    public static Optional<byte[]> readCapped(ResponseBody body, long max) throws IOException {
        if (body.contentLength() > max) {
            return Optional.empty();
        }
        BufferedSource source = body.source();
        if (source.request(max + 1)) {
            return Optional.empty();
        }
        return Optional.of(source.getBuffer().readByteArray());
    }

    private static X509TrustManager trustManager(List<X509Certificate> certs) {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : certs) {
                ks.setCertificateEntry("anchor-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalArgumentException("no X509TrustManager available");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot build a trust store from the trusted certificates: " + e.getMessage(), e);
        }
    }

    /** Looks hosts up and drops the addresses the policy refuses; fails if none remain. */
    private static final class PolicyDns implements Dns {
        private final HostResolver resolver;
        private final AddressPolicy policy;

        PolicyDns(HostResolver resolver, AddressPolicy policy) {
            this.resolver = resolver;
            this.policy = policy;
        }

        @Override
        public List<InetAddress> lookup(String hostname) throws UnknownHostException {
            Host host;
            try {
                host = Host.ofUrlHost(hostname);
            } catch (Host.InvalidHostException e) {
                throw new AddressPolicy.RefusedAddressException(e.getMessage()); // never looked up
            }
            if (host.isIpLiteral()) {
                InetAddress a = host.address().orElseThrow();
                Optional<String> refusal = policy.refusal(a);
                if (refusal.isPresent()) {
                    throw new AddressPolicy.RefusedAddressException(refusal.get() + " address " + a.getHostAddress());
                }
                return List.of(a);
            }
            List<InetAddress> allowed = new ArrayList<>();
            String firstRefusal = null;
            for (InetAddress a : resolver.lookup(hostname)) {
                Optional<String> refusal = policy.refusal(a);
                if (refusal.isEmpty()) {
                    allowed.add(a);
                } else if (firstRefusal == null) {
                    firstRefusal = refusal.get() + " address " + a.getHostAddress();
                }
            }
            if (allowed.isEmpty()) {
                throw new AddressPolicy.RefusedAddressException(firstRefusal == null ? "host " + hostname + " has no addresses"
                        : "host " + hostname + " resolves only to refused addresses, e.g. " + firstRefusal);
            }
            return allowed;
        }
    }

    /** Creates sockets that refuse, before connecting, any address the policy refuses. */
    private static final class GuardedSocketFactory extends SocketFactory {
        private final AddressPolicy policy;

        GuardedSocketFactory(AddressPolicy policy) {
            this.policy = policy;
        }

        @Override
        public Socket createSocket() {
            return new GuardedSocket(policy);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw new SocketException("only unconnected sockets are created");
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            throw new SocketException("only unconnected sockets are created");
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket s = createSocket();
            s.connect(new InetSocketAddress(host, port));
            return s;
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            Socket s = createSocket();
            s.bind(new InetSocketAddress(localAddress, localPort));
            s.connect(new InetSocketAddress(address, port));
            return s;
        }
    }

    private static final class GuardedSocket extends Socket {
        private final AddressPolicy policy;

        GuardedSocket(AddressPolicy policy) {
            this.policy = policy;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress isa) || isa.getAddress() == null) {
                throw new RefusedConnectionException("not an IP socket address");
            }
            Optional<String> refusal = policy.refusal(isa.getAddress());
            if (refusal.isPresent()) {
                throw new RefusedConnectionException(refusal.get() + " address " + isa.getAddress().getHostAddress());
            }
            super.connect(endpoint, timeout);
        }
    }

    /** A connection to an address the policy refuses was not attempted. */
    static final class RefusedConnectionException extends ConnectException {
        private static final long serialVersionUID = 1L;

        RefusedConnectionException(String message) {
            super(message);
        }
    }
}
