package dev.mandate.agent.authz;

import dev.mandate.agent.request.SimpleRequest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Amounts#inBody(dev.mandate.agent.request.HttpRequestView)} reads a request's body with its own
 * {@code Content-Type} and {@code Content-Encoding} exactly as the deprecated {@code inBody(body, Optional,
 * Optional)} did with those headers passed in (a missing header is simply not there, never an empty string), for
 * JSON, forms, multipart, encoded and UTF-16 bodies, with and without each header and in any header case.
 */
@SuppressWarnings("deprecation") // calling the deprecated form is the point of this test
class AmountsInBodyFormsTest {
    static final List<String> BODIES = List.of("", "{\"amount\":\"12.50\",\"currency\":\"EUR\"}", "[1,2]", "{not json",
            "amount=12.50&currency=EUR", "total=3", "--b\r\nContent-Disposition: form-data; name=amount\r\n\r\n12\r\n--b--");
    static final List<Optional<String>> TYPES = List.of(Optional.empty(), Optional.of("application/json"),
            Optional.of("Application/X-WWW-Form-Urlencoded; charset=utf-8"), Optional.of("multipart/form-data; boundary=b"),
            Optional.of("text/plain"));
    static final List<Optional<String>> ENCODINGS = List.of(Optional.empty(), Optional.of("identity"), Optional.of("gzip"));

    static SimpleRequest request(byte[] body, Optional<String> type, Optional<String> encoding, boolean upper) {
        Map<String, String> headers = new LinkedHashMap<>();
        type.ifPresent(t -> headers.put(upper ? "CONTENT-TYPE" : "content-type", t));
        encoding.ifPresent(e -> headers.put(upper ? "CONTENT-ENCODING" : "Content-Encoding", e));
        return new SimpleRequest("POST", "https://shop.example/orders", headers, body);
    }

    @Test
    void sameAnswersAsTheOptionalForm() {
        int compared = 0;
        for (String text : BODIES) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            for (Optional<String> type : TYPES) {
                for (Optional<String> encoding : ENCODINGS) {
                    for (boolean upper : new boolean[] {false, true}) {
                        assertEquals(Amounts.inBody(body, type, encoding), Amounts.inBody(request(body, type, encoding, upper)),
                                text + " " + type + " " + encoding);
                        compared++;
                    }
                }
            }
        }
        byte[] utf16 = "{\"amount\":1}".getBytes(StandardCharsets.UTF_16);
        assertEquals(Amounts.inBody(utf16, Optional.empty(), Optional.empty()),
                Amounts.inBody(request(utf16, Optional.empty(), Optional.empty(), false)));
        assertEquals(BODIES.size() * TYPES.size() * ENCODINGS.size() * 2, compared);

        Amounts.Stated json = Amounts.inBody(request(BODIES.get(1).getBytes(StandardCharsets.UTF_8), Optional.empty(), Optional.empty(), false));
        assertEquals(List.of(new BigDecimal("12.50")), json.amounts());
        assertEquals(List.of("EUR"), json.currencies());
        assertTrue(Amounts.inBody(request(BODIES.get(1).getBytes(StandardCharsets.UTF_8), Optional.empty(), Optional.of("gzip"), false))
                .unreadable().orElseThrow().contains("gzip-encoded"), "an encoded body is not read as if it were plain");
    }

    @Test
    void aMissingRequestIsNamed() {
        assertEquals("request", assertThrows(NullPointerException.class,
                () -> Amounts.inBody((dev.mandate.agent.request.HttpRequestView) null)).getMessage());
    }
}
