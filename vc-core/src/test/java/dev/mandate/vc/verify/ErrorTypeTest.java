package dev.mandate.vc.verify;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNull;

class ErrorTypeTest {
    /** Clients branch on the numeric code: two types with one code would be told apart only by their URL. */
    @Test
    void everyErrorTypeHasItsOwnCode() {
        Map<Integer, ErrorType> seen = new HashMap<>();
        for (ErrorType t : ErrorType.values()) {
            ErrorType before = seen.put(t.code(), t);
            assertNull(before, () -> t + " and " + before + " share code " + t.code());
        }
    }
}
