package dev.mandate.server;

import dev.mandate.vc.json.CompactJson;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** One request being handled: reading its bounded body and writing JSON or problem-details responses. */
final class Exchange {
    static final String ATTR_REQUEST_ID = "mandate.requestId";
    static final String ATTR_ROUTE = "mandate.route";
    static final String ATTR_TOKEN = "mandate.token";

    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String ERRORS = "https://mandate.dev/errors#";

    final Request request;
    final Response response;
    final Callback callback;
    final String requestId;

    Exchange(Request request, Response response, Callback callback, String requestId) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.requestId = requestId;
    }

    /** Thrown when the body cannot be read within the limits; carries the status to answer with. */
    static final class BodyException extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String type;
        final String title;

        BodyException(int status, String type, String title, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
            this.title = title;
        }
    }

    /** The request body, at most {@code max} bytes. */
    byte[] body(int max) throws BodyException {
        String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (ct != null && !isJson(ct)) {
            throw new BodyException(415, ERRORS + "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type",
                    "the request body must be JSON (Content-Type: application/json), not " + clip(ct));
        }
        long declared = request.getLength();
        if (declared > max) {
            throw tooLarge(max);
        }
        InputStream in = Content.Source.asInputStream(request);
        if (declared > 0) { // Content-Length given (Jetty delivers no more than it): one array of that size
            byte[] body = new byte[(int) declared];
            int read;
            try {
                read = in.readNBytes(body, 0, body.length);
            } catch (IOException e) {
                throw new BodyException(400, ERRORS + "BODY_READ_ERROR", "Bad Request",
                        "the request body could not be read (" + clip(String.valueOf(e.getMessage())) + ")");
            }
            if (read < body.length) {
                throw new BodyException(400, ERRORS + "BODY_READ_ERROR", "Bad Request", "the request body ended after "
                        + read + " of the " + declared + " bytes its Content-Length declares; send the whole body");
            }
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        byte[] buf = new byte[8192];
        try {
            int total = 0;
            int n;
            while ((n = in.read(buf, 0, Math.min(buf.length, max + 1 - total))) > 0) {
                out.write(buf, 0, n);
                total += n;
                if (total > max) {
                    throw tooLarge(max);
                }
            }
        } catch (IOException e) {
            throw new BodyException(400, ERRORS + "BODY_READ_ERROR", "Bad Request",
                    "the request body could not be read (" + clip(String.valueOf(e.getMessage())) + ")");
        }
        if (out.size() == 0) {
            throw new BodyException(400, dev.mandate.vc.verify.ErrorType.PARSING_ERROR.typeUrl(), "PARSING_ERROR",
                    "the request body is empty; send a JSON object");
        }
        return out.toByteArray();
    }

    private static BodyException tooLarge(int max) {
        return new BodyException(413, dev.mandate.vc.verify.ErrorType.LIMIT_EXCEEDED_ERROR.typeUrl(), "LIMIT_EXCEEDED_ERROR",
                "the request body is larger than " + max + " bytes");
    }

    static boolean isJson(String contentType) {
        String mt = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return mt.equals("application/json") || mt.endsWith("+json") || mt.equals("application/ld+json");
    }

    void json(int status, JsonObject body) {
        send(status, JSON, serialize(body));
    }

    void json(int status, String contentType, JsonObject body) {
        send(status, contentType, serialize(body));
    }

    /** An RFC 9457 problem-details response. */
    void problem(int status, String type, String title, String detail) {
        problem(status, type, title, detail, null);
    }

    /** An RFC 9457 problem-details response with a {@code problems} list (same shape as a verification result's). */
    void problem(int status, String type, String title, String detail, JsonArray problems) {
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder().add("type", type).add("title", title).add("status", status)
                .add("detail", detail).add("requestId", requestId);
        if (problems != null) {
            b.add("problems", problems);
        }
        send(status, PROBLEM_JSON, serialize(b.build()));
    }

    void send(int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    void text(int status, String contentType, String body) {
        send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] serialize(JsonObject o) {
        return CompactJson.utf8(o);
    }

    static String clip(String s) {
        String one = s.replaceAll("[\\r\\n\\t\\x00-\\x1f]", " ");
        return one.length() > 120 ? one.substring(0, 120) + "..." : one;
    }
}
