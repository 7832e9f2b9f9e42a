package dev.mandate.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A request whose body a Mandate filter has read (to check its digest) replayed from memory to the application,
 * so the application reads exactly the bytes that were authorized. Used by {@link MandateServletFilter} and the
 * MCP and A2A filters.
 */
public final class BufferedRequest extends HttpServletRequestWrapper {
    private final byte[] body;
    private final boolean utf8;

    private BufferedRequest(HttpServletRequest request, byte[] body, boolean utf8) {
        super(request);
        this.body = Objects.requireNonNull(body, "body");
        this.utf8 = utf8;
    }

    /**
     * {@code request} with {@code body}, read in the charset the request declares (UTF-8 if none).
     *
     * @param request the request the filter read
     * @param body    the bytes it read (and authorized)
     * @return the request to pass down the chain
     */
    public static BufferedRequest of(HttpServletRequest request, byte[] body) {
        return new BufferedRequest(request, body, false);
    }

    /**
     * {@code request} with {@code body}, always read as UTF-8 whatever charset the request declares: for JSON-RPC
     * bodies that the filter parsed as UTF-8, so the JSON the application runs is the JSON the filter judged.
     *
     * @param request the request the filter read
     * @param body    the bytes it read (and authorized)
     * @return the request to pass down the chain
     */
    public static BufferedRequest utf8(HttpServletRequest request, byte[] body) {
        return new BufferedRequest(request, body, true);
    }

    @Override
    public String getCharacterEncoding() {
        return utf8 ? StandardCharsets.UTF_8.name() : super.getCharacterEncoding();
    }

    @Override public int getContentLength() { return body.length; }

    @Override public long getContentLengthLong() { return body.length; }

    @Override
    public BufferedReader getReader() throws UnsupportedEncodingException {
        String enc = getCharacterEncoding();
        Charset cs;
        try {
            cs = enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
        } catch (RuntimeException e) {
            throw new UnsupportedEncodingException(enc);
        }
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), cs));
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override public boolean isFinished() { return in.available() == 0; }
            @Override public boolean isReady() { return true; }
            @Override public void setReadListener(ReadListener l) {
                try {
                    l.onDataAvailable();
                    l.onAllDataRead();
                } catch (IOException e) {
                    l.onError(e);
                }
            }
            @Override public int read() { return in.read(); }
            @Override public int read(byte[] b, int off, int len) { return in.read(b, off, len); }
        };
    }
}
