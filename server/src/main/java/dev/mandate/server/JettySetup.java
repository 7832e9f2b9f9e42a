package dev.mandate.server;

import dev.mandate.server.config.AccessLog;
import dev.mandate.server.config.Limits;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.ServerConfigException;
import dev.mandate.server.config.Tls;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty pieces {@link MandateServer.Builder#start()} wires around the {@link ApiHandler}: the thread pool, the
 * connector (HTTP, or TLS through {@link TlsSupport}) with the header and idle limits, the slow-client guard in front
 * of the QoS handler that bounds concurrent requests, graceful shutdown, JSON error pages, and the request log that
 * writes the access log and the request metrics. Nothing here starts listening.
 */
final class JettySetup {
    private JettySetup() {
    }

    /** How long a connection may be silent during a graceful stop before it is closed. */
    static final long SHUTDOWN_IDLE_MILLIS = 200;

    /** A configured, not yet started Jetty server and its one connector. */
    record Assembled(Server jetty, ServerConnector connector) {
    }

    /** The server for {@code api} with the configured limits, TLS, bind address and port. */
    static Assembled assemble(ServerConfig config, Map<String, String> env, Handler api, Metrics metrics, AccessLogWriter log)
            throws ServerConfigException {
        Limits limits = config.limits();
        QueuedThreadPool pool = new QueuedThreadPool(limits.maxThreads(), Math.min(8, limits.maxThreads()), 60_000);
        pool.setName("mandate-http");
        Server jetty = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // A DID URL sent percent-encoded as a whole (DID Resolution HTTP(S) binding) may hold %2F; Jetty's default
        // refuses it before any handler runs. Routes read the raw path and look names up, never files.
        http.setUriCompliance(org.eclipse.jetty.http.UriCompliance.DEFAULT.with("mandate-did-urls",
                org.eclipse.jetty.http.UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setResponseHeaderSize(Math.max(8192, limits.maxHeaderBytes()));
        ServerConnector connector;
        if (config.tls() instanceof Tls.Disabled) {
            connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        } else {
            SslContextFactory.Server ssl = TlsSupport.sslContextFactory(config.tls(), env);
            SecureRequestCustomizer src = new SecureRequestCustomizer();
            src.setSniHostCheck(false);
            http.addCustomizer(src);
            connector = new ServerConnector(jetty, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        }
        connector.setHost(config.bind());
        connector.setPort(config.port());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        jetty.addConnector(connector);

        // A request takes one of the maxConcurrentRequests slots only once its body has arrived: the slow-client
        // guard reads bodies (asynchronously, within requestReadTimeout and minRequestBytesPerSecond) in front of
        // the QoS handler, so clients still sending hold neither a slot nor a thread.
        QoSHandler qos = new QoSHandler(api);
        qos.setMaxRequestCount(limits.maxConcurrentRequests());
        qos.setMaxSuspend(limits.maxQueueWait());
        // event streams live as long as their clients and are bounded on their own (StatusEndpoints.MAX_STREAMS)
        qos.excludePath(StatusEndpoints.EVENTS);
        SlowClientGuard guard = new SlowClientGuard(limits.minRequestBytesPerSecond(), limits.requestReadTimeout(),
                limits.maxBodyBytes(), jetty.getScheduler(), pool);
        connector.addEventListener(guard.connections());
        jetty.addBean(guard);
        metrics.slowClients(guard::closedInHeaders, guard::closedInBody, guard::bufferedBytes);
        GracefulHandler graceful = new GracefulHandler(guard.gate(qos));
        // On stop, a keep-alive connection with no request (a load balancer's pool holds many) is closed after this
        // much silence instead of Jetty's default second, which every stop waited out; a request being handled is
        // not idle and finishes within the grace period, and its response then closes its connection.
        graceful.setShutdownIdleTimeout(SHUTDOWN_IDLE_MILLIS);
        jetty.setHandler(graceful);
        jetty.setErrorHandler(new JsonErrorHandler());
        jetty.setRequestLog(new Recorder(metrics, log));
        jetty.setStopTimeout(Math.max(1, limits.shutdownGrace().toMillis()));
        jetty.setStopAtShutdown(false);
        return new Assembled(jetty, connector);
    }

    /** The configured access log: off, appended to a file (its directories created), or standard error. */
    static AccessLogWriter accessLog(AccessLog target) throws ServerConfigException {
        if (target instanceof AccessLog.Off) {
            return AccessLogWriter.off();
        }
        if (target instanceof AccessLog.File f) {
            try {
                if (f.path().getParent() != null) {
                    Files.createDirectories(f.path().getParent());
                }
                OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(f.path(), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE));
                return AccessLogWriter.to(out, true);
            } catch (IOException e) {
                throw new ServerConfigException("accessLog.file: cannot open " + f.path() + " (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        return AccessLogWriter.to(System.err, false);
    }

    /** Jetty's request log hook: one access-log line and the request metrics per finished request. */
    private static final class Recorder implements RequestLog {
        private final Metrics metrics;
        private final AccessLogWriter log;

        Recorder(Metrics metrics, AccessLogWriter log) {
            this.metrics = metrics;
            this.log = log;
        }

        @Override
        public void log(Request request, Response response) {
            long nanos = System.nanoTime() - request.getBeginNanoTime();
            Object route = request.getAttribute(Exchange.ATTR_ROUTE);
            String r = route == null ? "-" : route.toString();
            int status = response.getStatus();
            metrics.request(r, request.getMethod(), status, nanos);
            Object id = request.getAttribute(Exchange.ATTR_REQUEST_ID);
            Object token = request.getAttribute(Exchange.ATTR_TOKEN);
            String path = request.getHttpURI() == null || request.getHttpURI().getPath() == null ? "" : request.getHttpURI().getPath();
            log.write(new AccessLogWriter.Entry(Instant.now(), id == null ? "-" : id.toString(), request.getMethod(), path, r,
                    status, nanos / 1e6, Request.getContentBytesRead(request), Response.getContentBytesWritten(response),
                    String.valueOf(Request.getRemoteAddr(request)), token == null ? "" : token.toString()));
        }
    }
}
