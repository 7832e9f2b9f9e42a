package dev.mandate.mcp;

import dev.mandate.agent.authz.AmountPointer;
import dev.mandate.agent.Reason;
import dev.mandate.agent.authz.Operation;
import dev.mandate.agent.request.Amount;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resource mapping of docs/mcp.md, one row at a time. */
class McpOperationsTest {
    final McpOperations ops = new McpOperations("HTTPS://API.Example:443/mcp", Map.of("pay_invoice", new AmountPointer("/amount", "/currency")), 4096);

    Operation post(String json) {
        return ops.of("POST", json.getBytes(StandardCharsets.UTF_8));
    }

    static void is(Operation op, String action, String resource, boolean needsCapability) {
        assertTrue(op.refusal().isEmpty(), () -> op.refusal().get().toString());
        assertEquals(action, op.action());
        assertEquals(resource, op.resource().toString());
        assertEquals(needsCapability, op.needsCapability());
    }

    static void refused(Operation op, Reason.Code code) {
        assertEquals(code, op.refusal().orElseThrow().code(), op::toString);
    }

    @Test
    void toolsPromptsAndResources() throws Exception {
        assertEquals("mcp+https://api.example/mcp", ops.base());
        Operation pay = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"pay_invoice\",\"arguments\":{\"amount\":\"120.50\",\"currency\":\"EUR\"}}}");
        is(pay, "invoke", "mcp+https://api.example/mcp/tools/pay_invoice", true);
        assertTrue(Amount.of("120.5", "EUR").sameAs(pay.stated().get(0).single().orElseThrow()));
        Operation search = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"search\",\"arguments\":{\"amount\":1}}}");
        is(search, "invoke", "mcp+https://api.example/mcp/tools/search", true);
        assertTrue(search.stated().isEmpty(), "no pointer configured for search: its arguments are not read");
        is(post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"a b~x.y\"}}"), "invoke",
                "mcp+https://api.example/mcp/tools/a%20b~x.y", true);
        is(post("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"prompts/get\",\"params\":{\"name\":\"summary\"}}"), "read",
                "mcp+https://api.example/mcp/prompts/summary", true);
        is(post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/read\",\"params\":{\"uri\":\"https://Files.example:443/docs/%7Ea\"}}"), "read",
                "https://files.example/docs/~a", true);
        is(post("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"mcp+https://api.example/mcp/res/1\"}}"), "read",
                "mcp+https://api.example/mcp/res/1", true);
    }

    @Test
    void sessionMethodsNeedNoCapabilityOthersAreCalls() {
        is(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}"), "session", "mcp+https://api.example/mcp/methods/initialize", false);
        is(post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"), "session", "mcp+https://api.example/mcp/methods/notifications/initialized", false);
        is(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"), "session", "mcp+https://api.example/mcp/methods/tools/list", false);
        is(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"), "session", "mcp+https://api.example/mcp", false);
        is(ops.of("GET", new byte[0]), "session", "mcp+https://api.example/mcp", false);
        is(ops.of("DELETE", new byte[0]), "session", "mcp+https://api.example/mcp", false);
        is(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"vendor/secret_admin\"}"), "call", "mcp+https://api.example/mcp/methods/vendor/secret_admin", true);
    }

    @Test
    void refusals() {
        refused(post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}]"), Reason.Code.MALFORMED_REQUEST);
        refused(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"search\",\"name\":\"delete_all\"}}"), Reason.Code.MALFORMED_REQUEST);
        refused(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}}"), Reason.Code.MALFORMED_REQUEST);
        refused(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":7}}"), Reason.Code.MALFORMED_REQUEST);
        refused(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}"), Reason.Code.MALFORMED_REQUEST);
        refused(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\"}"), Reason.Code.MALFORMED_REQUEST);
        refused(post("not json"), Reason.Code.MALFORMED_REQUEST);
        refused(post("{\"a\":\"" + "x".repeat(5000) + "\"}"), Reason.Code.MALFORMED_REQUEST);
        for (String name : new String[] {"../admin", "..", ".", "a/b", "caf\u00e9"}) {
            Operation op = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + name + "\"}}");
            refused(op, Reason.Code.URL_NOT_CANONICAL);
        }
        refused(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"file:///etc/passwd\"}}"), Reason.Code.URL_NOT_CANONICAL);
        refused(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"foo//bar\"}"), Reason.Code.URL_NOT_CANONICAL);
        assertThrows(IllegalArgumentException.class, () -> new McpOperations("mcp+https://api.example/mcp", Map.of(), 10));
        assertThrows(IllegalArgumentException.class, () -> new McpOperations("https://api.example/mcp", Map.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new AmountPointer("amount", "/currency"));
        assertFalse(ops.toolResource("x").isEmpty());
    }
}
