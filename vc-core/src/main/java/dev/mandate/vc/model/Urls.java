package dev.mandate.vc.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Syntax checks for the "URL" values of the VC Data Model (absolute URLs in the sense of RFC 3986 /
 * RFC 3987: {@code https://...}, {@code did:...}, {@code urn:uuid:...}, {@code data:...}). These are
 * purely syntactic and never dereference anything.
 */
public final class Urls {
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9!#$&^_.+\\-]+/[A-Za-z0-9!#$&^_.+\\-]+(\\s*;\\s*[A-Za-z0-9!#$&^_.+\\-]+=(\"[^\"]*\"|[A-Za-z0-9!#$&^_.+\\-]+))*");

    private Urls() {}

    /**
     * {@return true if {@code value} is an absolute URL (IRI): a scheme, a colon and at least one more character,
     * with no whitespace, control characters or characters that may never appear in a URL ({@code < > " { } | \ ^
     * `}), well-formed percent escapes, at most one {@code #}, and for {@code http}, {@code https}, {@code ws},
     * {@code wss} and {@code ftp} a non-empty authority}
     *
     * @param value the text; null gives false
     */
    public static boolean isUrl(String value) {
        if (value == null) {
            return false;
        }
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            return false;
        }
        if (!isScheme(value, colon)) {
            return false;
        }
        String scheme = value.substring(0, colon);
        int hashes = 0;
        for (int i = colon + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c == 0x7f || (c >= 0x80 && (c <= 0x9f || Character.isWhitespace(c) || Character.isSpaceChar(c)))) {
                return false;
            }
            switch (c) {
                case '<': case '>': case '"': case '{': case '}': case '|': case '\\': case '^': case '`':
                    return false;
                case '#':
                    if (++hashes > 1) {
                        return false;
                    }
                    break;
                case '%':
                    if (i + 2 >= value.length() || !isHex(value.charAt(i + 1)) || !isHex(value.charAt(i + 2))) {
                        return false;
                    }
                    break;
                default:
                    if (Character.isSurrogate(c) && !validSurrogate(value, i)) {
                        return false;
                    }
                    break;
            }
        }
        if (isHierarchical(scheme)) {
            String rest = value.substring(colon + 1);
            if (!rest.startsWith("//")) {
                return false;
            }
            int end = 2;
            while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
                end++;
            }
            String authority = rest.substring(2, end);
            String host = authority.substring(authority.lastIndexOf('@') + 1);
            return !host.isEmpty() && !host.startsWith(":");
        }
        return true;
    }

    /**
     * {@return true if {@code value} is a {@code data:} URL (RFC 2397): {@code data:[<media
     * type>][;parameter]*,<data>}, where parameters may be {@code name=value} or a bare token such as {@code base64}}
     *
     * @param value the text; null gives false
     */
    public static boolean isDataUrl(String value) {
        if (value == null || !value.regionMatches(true, 0, "data:", 0, 5) || !isUrl(value)) {
            return false;
        }
        int comma = value.indexOf(',');
        if (comma < 0) {
            return false;
        }
        String header = value.substring(5, comma);
        if (header.isEmpty()) {
            return true;
        }
        String[] parts = header.split(";", -1);
        if (!parts[0].isEmpty() && !MEDIA_TYPE.matcher(parts[0]).matches()) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].matches("[A-Za-z0-9!#$&^_.+\\-]+(=[^;]*)?")) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@return the media type of a {@code data:} URL ({@code text/plain} when omitted), lower-cased, without
     * parameters}
     *
     * @param dataUrl a {@code data:} URL ({@link #isDataUrl} true)
     */
    public static String dataUrlMediaType(String dataUrl) {
        int comma = dataUrl.indexOf(',');
        String header = comma < 0 ? "" : dataUrl.substring(5, comma);
        String type = header.split(";", -1)[0];
        return type.isEmpty() ? "text/plain" : type.toLowerCase(Locale.ROOT);
    }

    /**
     * {@return true if {@code value} is a syntactically valid media type such as {@code application/vc+jwt} (RFC
     * 6838)}
     *
     * @param value the text; null gives false
     */
    public static boolean isMediaType(String value) {
        return value != null && MEDIA_TYPE.matcher(value).matches();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * {@return true if the first {@code end} characters of {@code value} are an RFC 3986 scheme: a letter, then letters,
     * digits, {@code +}, {@code -} or {@code .}} The JSON-LD absolute-IRI test uses the same rule.
     *
     * @param value the text; not null
     * @param end   where the scheme would end (the colon's index), at most {@code value.length()}
     */
    public static boolean isScheme(CharSequence value, int end) {
        if (end < 1) {
            return false;
        }
        char first = value.charAt(0);
        if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
            return false;
        }
        for (int i = 1; i < end; i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** The schemes whose URLs need an authority, in any case. */
    private static boolean isHierarchical(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http", "https", "ws", "wss", "ftp" -> true;
            default -> false;
        };
    }
}
