package dev.mandate.server;

import dev.mandate.vc.json.Jsonp;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Renders every error Jetty produces itself (a request line or headers too large, a malformed request, too
 * many requests, shutting down) as an RFC 9457 problem-details JSON body, never an HTML page or a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {
    JsonErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setShowOrigin(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        Object id = request.getAttribute(Exchange.ATTR_REQUEST_ID);
        byte[] body = body(code, message, id == null ? "" : id.toString());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Exchange.PROBLEM_JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (code == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Exchange.PROBLEM_JSON);
        return ByteBuffer.wrap(body(status, reason, ""));
    }

    static byte[] body(int code, String message, String requestId) {
        String title = HttpStatus.getMessage(code);
        String detail = switch (code) {
            case 431 -> "the request line and headers are larger than the server accepts";
            case 503 -> "the server is busy or shutting down; retry shortly";
            case 413 -> "the request body is larger than the server accepts";
            case 408 -> "the request was not received in time";
            default -> message == null || message.isBlank() ? title : Exchange.clip(message);
        };
        var b = Jsonp.PROVIDER.createObjectBuilder()
                .add("type", Exchange.ERRORS + "HTTP_" + code)
                .add("title", title)
                .add("status", code)
                .add("detail", detail);
        if (!requestId.isEmpty()) {
            b.add("requestId", requestId);
        }
        return Exchange.serialize(b.build());
    }
}
