package dev.mandate.guard;

import java.util.Locale;

/**
 * Resource families: a request URL generalised to its origin and path with id-like segments (numbers,
 * UUIDs, long tokens containing digits) replaced by {@code *}, so that a new purchase order id is not a new
 * resource. {@code https://erp.example.com/purchase-orders/42/lines} becomes
 * {@code https://erp.example.com/purchase-orders/* /lines} (without the space). API version segments
 * ({@code v1}, {@code v2}, {@code v2.1}) are dropped, so that an API moving to {@code /v2/} stays the same family:
 * {@code https://erp.example.com/v2/purchase-orders/42} is {@code https://erp.example.com/purchase-orders/*}. A name
 * numbered after a dash or underscore ({@code node-20}, {@code shard_3}) is one of a series: {@code node-*}.
 */
final class Families {
    private Families() {}

    /** The family of a request URL (scheme and host lower-cased, query and fragment dropped). */
    public static String of(String url) {
        int cut = url.length();
        int q = url.indexOf('?');
        if (q >= 0) cut = q;
        int h = url.indexOf('#');
        if (h >= 0 && h < cut) cut = h;
        String u = url.substring(0, cut);
        int schemeEnd = u.indexOf("://");
        int pathStart = schemeEnd < 0 ? -1 : u.indexOf('/', schemeEnd + 3);
        String origin = (pathStart < 0 ? u : u.substring(0, pathStart)).toLowerCase(Locale.ROOT);
        if (pathStart < 0) return origin + "/";
        StringBuilder b = new StringBuilder(u.length()).append(origin);
        int i = pathStart;
        while (i < u.length()) {
            int next = u.indexOf('/', i + 1);
            if (next < 0) next = u.length();
            String seg = u.substring(i + 1, next);
            // an API version is not a different resource: /v1/orders and /v2/orders are one family
            if (!version(seg)) b.append('/').append(idLike(seg) ? "*" : numbered(seg) ? seg.substring(0, seg.length() - trailingDigits(seg)) + "*" : seg);
            i = next;
        }
        if (b.length() == origin.length()) b.append('/');
        return b.toString();
    }

    /** The origin (scheme://host[:port], lower-cased) of a URL or family. */
    public static String origin(String url) {
        int schemeEnd = url.indexOf("://");
        int pathStart = schemeEnd < 0 ? -1 : url.indexOf('/', schemeEnd + 3);
        int q = url.indexOf('?');
        int end = pathStart < 0 ? (q < 0 ? url.length() : q) : pathStart;
        return url.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** True for a name with a number after a separator, such as {@code node-20} or {@code shard_3}: one of a numbered series. */
    static boolean numbered(String seg) {
        int d = trailingDigits(seg);
        if (d == 0 || d >= seg.length() - 2) return false;
        char sep = seg.charAt(seg.length() - d - 1);
        return (sep == '-' || sep == '_') && Character.isLetter(seg.charAt(0));
    }

    private static int trailingDigits(String seg) {
        int d = 0;
        while (d < seg.length() && Character.isDigit(seg.charAt(seg.length() - 1 - d))) d++;
        return d;
    }

    /** True for an API version segment: v1, V2, v10, v2.1. */
    static boolean version(String seg) {
        return seg.matches("[vV][0-9]{1,3}(\\.[0-9]{1,3})?");
    }

    /** True for a path segment that names one item rather than a kind: digits, a UUID, or 8+ characters with a digit. */
    static boolean idLike(String seg) {
        if (seg.isEmpty()) return false;
        int digits = 0;
        boolean hexOnly = true;
        for (int i = 0; i < seg.length(); i++) {
            char c = seg.charAt(i);
            if (c >= '0' && c <= '9') digits++;
            else if (!(c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '-')) hexOnly = false;
        }
        if (digits == seg.length()) return true;
        if (hexOnly && seg.length() >= 8 && digits > 0) return true; // UUIDs, hashes
        return seg.length() >= 8 && digits >= 2;
    }
}
