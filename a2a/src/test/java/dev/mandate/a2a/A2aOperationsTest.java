package dev.mandate.a2a;

import dev.mandate.agent.Reason;
import dev.mandate.agent.authz.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mapping table of docs/a2a.md ("Capabilities for A2A calls"), row by row, and the bodies it refuses. */
class A2aOperationsTest {
    static final String E = "https://weather.example/a2a";
    static final String A = "a2a+" + E;
    static final A2aOperations OPS = new A2aOperations(E, Set.of("forecast", "pay"), Map.of(), 1 << 20);

    static A2aOperations.Mapped map(String json) {
        return OPS.of("POST", json.getBytes(StandardCharsets.UTF_8));
    }

    static String msg(String method, String skill) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{\"message\":{\"messageId\":\"m\",\"taskId\":\"t-1\",\"parts\":[]},"
                + "\"metadata\":{\"" + A2aOperations.EXTENSION + "\":{\"skill\":\"" + skill + "\"}}}}";
    }

    @ParameterizedTest
    @CsvSource({"SendMessage", "SendStreamingMessage", "message/send", "message/stream"})
    void messagesAreTheMessageActionOnTheNamedSkill(String method) {
        A2aOperations.Mapped m = map(msg(method, "forecast"));
        assertEquals("message", m.operation().action());
        assertEquals(A + "/skills/forecast", m.operation().resource().toString());
        assertTrue(m.operation().needsCapability());
        assertEquals(Optional.of("forecast"), m.skill());
        assertEquals(Optional.of("t-1"), m.taskId(), "a message continuing a task addresses that task (owner check)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GetTask|read|{\"id\":\"t-9\"}",
            "tasks/get|read|{\"id\":\"t-9\"}",
            "SubscribeToTask|read|{\"id\":\"t-9\"}",
            "tasks/resubscribe|read|{\"id\":\"t-9\"}",
            "CancelTask|cancel|{\"id\":\"t-9\"}",
            "tasks/cancel|cancel|{\"id\":\"t-9\"}",
            "CreateTaskPushNotificationConfig|configure|{\"taskId\":\"t-9\"}",
            "tasks/pushNotificationConfig/set|configure|{\"taskId\":\"t-9\"}",
            "DeleteTaskPushNotificationConfig|configure|{\"taskId\":\"t-9\",\"id\":\"c\"}",
            "GetTaskPushNotificationConfig|read|{\"taskId\":\"t-9\",\"id\":\"c\"}",
            "tasks/pushNotificationConfig/get|read|{\"id\":\"t-9\"}",
            "ListTaskPushNotificationConfigs|read|{\"taskId\":\"t-9\"}",
    })
    void taskMethodsActOnTheTask(String method, String action, String params) {
        A2aOperations.Mapped m = map("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}");
        assertEquals(Optional.empty(), m.operation().refusal(), () -> m.operation().refusal().get().message());
        assertEquals(action, m.operation().action());
        assertEquals(A + "/tasks/t-9", m.operation().resource().toString());
        assertEquals(Optional.of("t-9"), m.taskId());
    }

    @Test
    void listTasksTheExtendedCardAndOtherMethods() {
        Operation list = map("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ListTasks\",\"params\":{}}").operation();
        assertEquals("read", list.action());
        assertEquals(A + "/tasks/", list.resource().toString());
        Operation card = map("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetExtendedAgentCard\"}").operation();
        assertEquals("session", card.action());
        assertFalse(card.needsCapability());
        Operation other = map("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x/Admin Reset\"}").operation();
        assertEquals("call", other.action());
        assertEquals(A + "/methods/x/Admin%20Reset", other.resource().toString());
        assertTrue(other.needsCapability());
    }

    @Test
    void namesAreOneEncodedSegmentAndDotSegmentsAreRefused() {
        assertEquals(A + "/tasks/a%2F..%2Fb", OPS.taskResource("a/../b"));
        // an id that would climb out of tasks/ into skills/ never becomes another resource: it is refused
        for (String id : new String[]{"..", ".", "../skills/pay", "a/b"}) {
            A2aOperations.Mapped dots = map("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"" + id + "\"}}");
            assertEquals(Reason.Code.URL_NOT_CANONICAL, dots.operation().refusal().orElseThrow().code());
        }
        A2aOperations any = new A2aOperations(E, Set.of(), Map.of(), 1 << 20);
        A2aOperations.Mapped unicode = any.of("POST", msg("SendMessage", "pr\u00e9vision").getBytes(StandardCharsets.UTF_8));
        // non-ASCII names are refused like MCP tool names (the canonical form keeps paths ASCII)
        assertEquals(Reason.Code.URL_NOT_CANONICAL, unicode.operation().refusal().orElseThrow().code());
        assertEquals(A + "/skills/fore-cast_2.x~", any.skillResource("fore-cast_2.x~"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"t\"}}]|batches are not accepted",
            "{\"jsonrpc\":\"2.0\",\"id\":1}|no method",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{}}|no string params.id",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":7}}|no string params.id",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SendMessage\",\"params\":{\"message\":{}}}|names no skill",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SendMessage\",\"params\":{\"metadata\":{\"https://mandate.dev/ext/a2a/capabilities/v1\":{\"skill\":\"admin\"}}}}|not a skill of this agent",
            "{\"method\":\"GetTask\",\"method\":\"SendMessage\"}|duplicate",
    })
    void malformedBodiesAreRefusedWithTheRule(String body, String why) {
        Operation op = map(body).operation();
        Reason r = op.refusal().orElseThrow();
        assertEquals(Reason.Code.MALFORMED_REQUEST, r.code());
        assertTrue(r.message().contains(why), r.message());
    }

    @Test
    void onlyPostAndBoundedBodies() {
        assertTrue(OPS.of("GET", new byte[0]).operation().refusal().isPresent());
        A2aOperations small = new A2aOperations(E, Set.of(), Map.of(), 64);
        assertTrue(small.of("POST", msg("SendMessage", "forecast").getBytes(StandardCharsets.UTF_8)).operation().refusal().orElseThrow()
                .message().contains("larger than 64 bytes"));
        assertThrows(IllegalArgumentException.class, () -> new A2aOperations("https://x.example/a/../b", Set.of(), Map.of(), 10));
        assertThrows(IllegalArgumentException.class, () -> new A2aOperations(E, Set.of(), Map.of(), A2aOperations.MAX_BODY + 1));
    }
}
