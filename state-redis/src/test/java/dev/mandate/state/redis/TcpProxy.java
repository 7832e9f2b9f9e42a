package dev.mandate.state.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy to a test service (Redis, PostgreSQL) that a test can cut and restore (to see an outage and a
 * recovery without ever stopping the shared service). Public for the server's tests.
 */
public final class TcpProxy implements AutoCloseable {
    private final int targetPort;
    private final String targetHost;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile boolean down;

    /** Listens on a free loopback port and forwards each connection to {@code targetHost:targetPort}. */
    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = s.getLocalPort();
        serve(s);
    }

    /** The loopback port to connect to instead of the service's. */
    public int port() {
        return port;
    }

    /**
     * Closes every connection and refuses new ones (each is closed as soon as it is accepted): the service "goes down".
     * The listening socket stays open, so no other socket can take its port before {@link #restore()}.
     */
    public synchronized void cut() throws IOException {
        down = true;
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    /** Forwards new connections again: the service "comes back". */
    public synchronized void restore() {
        down = false;
    }

    private void serve(ServerSocket s) {
        server = s;
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket in = s.accept();
                    if (down) {
                        in.close();
                        continue;
                    }
                    Socket out = new Socket(targetHost, targetPort);
                    sockets.add(in);
                    sockets.add(out);
                    pump(in, out);
                    pump(out, in);
                } catch (IOException e) {
                    return;
                }
            }
        }, "tcp-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                int n;
                while ((n = i.read(buf)) >= 0) {
                    o.write(buf, 0, n);
                    o.flush();
                }
            } catch (IOException e) {
                // the other side or cut() closed it
            } finally {
                try {
                    to.close();
                    from.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
