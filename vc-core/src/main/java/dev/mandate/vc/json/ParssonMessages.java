package dev.mandate.vc.json;

import dev.mandate.vc.json.JsonInputException.Reason;
import jakarta.json.stream.JsonLocation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Parsson's parse errors into the one-line {@link JsonInputException} messages {@link BoundedJson}
 * reports: the location suffix removed, token names and character codes put in plain words.
 */
final class ParssonMessages {

    private static final Pattern PARSSON_LOCATION =
            Pattern.compile("\\s*at \\(line no=\\d+, column no=\\d+, offset=-?\\d+\\)");
    private static final Pattern PARSSON_UNEXPECTED_CHAR = Pattern.compile("^Unexpected char (-?\\d+)(.*)$");

    private ParssonMessages() {}

    /** The NOT_JSON error for Parsson's {@code parserMessage}, with the line and column when known. */
    static JsonInputException notJson(String parserMessage, JsonLocation location) {
        String detail = parserMessage == null ? "syntax error" : PARSSON_LOCATION.matcher(parserMessage).replaceAll("");
        detail = rewordParsson(oneLine(detail));
        StringBuilder msg = new StringBuilder("input is not JSON: ").append(detail);
        if (location != null && location.getLineNumber() > 0) {
            msg.append(" at line ").append(location.getLineNumber()).append(" column ").append(location.getColumnNumber());
        }
        return new JsonInputException(Reason.NOT_JSON, msg.toString());
    }

    /** Turns Parsson's messages into plainer words without losing their content. */
    private static String rewordParsson(String detail) {
        Matcher m = PARSSON_UNEXPECTED_CHAR.matcher(detail);
        if (m.matches()) {
            int code = Integer.parseInt(m.group(1));
            String what = code < 0 ? "end of input" : "character " + quoteChar(code);
            String rest = m.group(2).replaceFirst("^, expecting '(.*)'$", " (expected '$1')");
            return "unexpected " + what + rest;
        }
        if (detail.startsWith("Invalid token=")) {
            String token = detail.substring("Invalid token=".length()).split("[ .]", 2)[0];
            String expected = detail.contains("Expected tokens are: ")
                    ? detail.substring(detail.indexOf("Expected tokens are: ") + "Expected tokens are: ".length())
                    : "";
            return "unexpected " + tokenWord(token).replaceFirst("^a ", "") + expectedTokens(expected);
        }
        if (detail.startsWith("Expected EOF token, but got ")) {
            return "unexpected " + tokenWord(detail.substring("Expected EOF token, but got ".length())).replaceFirst("^a ", "")
                    + " after the JSON value";
        }
        if (detail.startsWith("Duplicate key ")) {
            return "duplicate key " + detail.substring("Duplicate key ".length()).replace(" is not allowed", "");
        }
        return detail.isEmpty() ? "syntax error" : Character.toLowerCase(detail.charAt(0)) + detail.substring(1);
    }

    private static String expectedTokens(String list) {
        String inner = list.replaceAll("[\\[\\]]", "").trim();
        if (inner.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        String[] tokens = inner.split("\\s*,\\s*");
        for (int i = 0; i < tokens.length; i++) {
            if (i > 0) {
                b.append(i == tokens.length - 1 ? " or " : ", ");
            }
            b.append(tokenWord(tokens[i]));
        }
        return " (expected " + b + ")";
    }

    private static String tokenWord(String token) {
        switch (token) {
            case "CURLYOPEN": return "'{'";
            case "CURLYCLOSE": return "'}'";
            case "SQUAREOPEN": return "'['";
            case "SQUARECLOSE": return "']'";
            case "COLON": return "':'";
            case "COMMA": return "','";
            case "STRING": return "a string";
            case "NUMBER": return "a number";
            case "TRUE": return "true";
            case "FALSE": return "false";
            case "NULL": return "null";
            case "EOF": return "end of input";
            default: return token.toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static String quoteChar(int code) {
        if (code >= 0x20 && code < 0x7f) {
            return "'" + (char) code + "'";
        }
        return String.format(java.util.Locale.ROOT, "U+%04X", code);
    }

    /** {@code s} with line breaks and tabs collapsed to single spaces, trimmed. */
    static String oneLine(String s) {
        return s.replaceAll("[\\r\\n\\t]+", " ").trim();
    }
}
