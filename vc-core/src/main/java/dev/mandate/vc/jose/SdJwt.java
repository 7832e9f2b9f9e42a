package dev.mandate.vc.jose;

import dev.mandate.vc.verify.ErrorType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An SD-JWT or SD-JWT+KB in compact serialization (RFC 9901 §4):
 * {@code <Issuer-signed JWT>~<Disclosure 1>~...~<Disclosure N>~[<KB-JWT>]}. This class only splits and
 * joins the parts; checking them is {@link SelectiveDisclosure} and {@link KeyBinding}'s job.
 */
public final class SdJwt {
    /** Default bound on the number of Disclosures. */
    public static final int DEFAULT_MAX_DISCLOSURES = 1024;

    private final String issuerSignedJwt;
    private final List<String> disclosures;
    private final String keyBindingJwt; // null when absent

    private SdJwt(String issuerSignedJwt, List<String> disclosures, String keyBindingJwt) {
        this.issuerSignedJwt = issuerSignedJwt;
        this.disclosures = List.copyOf(disclosures);
        this.keyBindingJwt = keyBindingJwt;
    }

    /**
     * {@return an SD-JWT without key binding from its parts}
     *
     * @param issuerSignedJwt the issuer-signed JWT
     * @param disclosures     the encoded Disclosures
     */
    public static SdJwt of(String issuerSignedJwt, List<String> disclosures) {
        return new SdJwt(Objects.requireNonNull(issuerSignedJwt, "issuerSignedJwt"), disclosures, null);
    }

    /**
     * {@return this SD-JWT with {@code kbJwt} appended (replacing any previous one)}
     *
     * @param kbJwt the KB-JWT
     */
    public SdJwt withKeyBinding(String kbJwt) {
        return new SdJwt(issuerSignedJwt, disclosures, Objects.requireNonNull(kbJwt, "kbJwt"));
    }

    /**
     * {@return true if the text contains a {@code ~}, the mark of an SD-JWT}
     *
     * @param text the input
     */
    public static boolean looksLikeSdJwt(String text) {
        return text != null && text.indexOf('~') >= 0;
    }

    /**
     * Splits with {@link #DEFAULT_MAX_DISCLOSURES}.
     *
     * @param text the SD-JWT
     * @return the parts (nothing verified)
     * @throws JoseException as {@link #parse(String, int)}
     */
    public static SdJwt parse(String text) throws JoseException {
        return parse(text, DEFAULT_MAX_DISCLOSURES);
    }

    /**
     * Splits an SD-JWT or SD-JWT+KB into its parts. The caller bounds the total size first.
     *
     * @param text            the SD-JWT
     * @param maxDisclosures the most Disclosures accepted
     * @return the parts (nothing verified)
     * @throws JoseException PARSING_ERROR (no {@code ~}, empty Disclosure, issuer JWT or KB-JWT not three
     *     parts), LIMIT_EXCEEDED_ERROR (more than {@code maxDisclosures})
     */
    public static SdJwt parse(String text, int maxDisclosures) throws JoseException {
        if (text == null || text.isEmpty()) {
            throw new JoseException(ErrorType.PARSING_ERROR, "no SD-JWT given");
        }
        int first = text.indexOf('~');
        if (first < 0) {
            throw new JoseException(ErrorType.PARSING_ERROR, "not an SD-JWT: no '~' separator (an SD-JWT without key binding ends with '~')");
        }
        String jwt = text.substring(0, first);
        requireCompact(jwt, "issuer-signed JWT");
        List<String> disclosures = new ArrayList<>();
        int start = first + 1;
        while (true) {
            int next = text.indexOf('~', start);
            if (next < 0) {
                break;
            }
            if (next == start) {
                throw new JoseException(ErrorType.PARSING_ERROR, "SD-JWT has an empty disclosure (two '~' in a row) after disclosure "
                        + disclosures.size());
            }
            if (disclosures.size() == maxDisclosures) {
                throw new JoseException(ErrorType.LIMIT_EXCEEDED_ERROR, "SD-JWT has more than " + maxDisclosures + " disclosures");
            }
            disclosures.add(text.substring(start, next));
            start = next + 1;
        }
        String kb = null;
        if (start < text.length()) {
            kb = text.substring(start);
            requireCompact(kb, "key binding JWT");
        }
        return new SdJwt(jwt, disclosures, kb);
    }

    private static void requireCompact(String jwt, String what) throws JoseException {
        int dots = 0;
        for (int i = 0; i < jwt.length(); i++) {
            if (jwt.charAt(i) == '.') dots++;
        }
        if (dots != 2) {
            throw new JoseException(ErrorType.PARSING_ERROR, "SD-JWT " + what + " is not a compact JWS (expected three parts separated by '.')");
        }
    }

    /** {@return the Issuer-signed JWT} */
    public String issuerSignedJwt() { return issuerSignedJwt; }

    /** {@return the Disclosure strings, in order} */
    public List<String> disclosures() { return disclosures; }

    /** {@return the Key Binding JWT, if present} */
    public Optional<String> keyBindingJwt() { return Optional.ofNullable(keyBindingJwt); }

    /**
     * {@return the SD-JWT without the KB-JWT: {@code <JWT>~<D1>~...~<DN>~}} This is the string whose digest is
     * the KB-JWT's {@code sd_hash}.
     */
    public String withoutKeyBinding() {
        StringBuilder b = new StringBuilder(issuerSignedJwt.length() + 64 * disclosures.size()).append(issuerSignedJwt).append('~');
        for (String d : disclosures) {
            b.append(d).append('~');
        }
        return b.toString();
    }

    /** {@return the {@code sd_hash} of this SD-JWT: base64url SHA-256 over {@link #withoutKeyBinding()}} */
    public String sdHash() { return Disclosure.digest(withoutKeyBinding()); }

    /** {@return the full compact serialization, with the KB-JWT if present} */
    public String serialize() {
        return keyBindingJwt == null ? withoutKeyBinding() : withoutKeyBinding() + keyBindingJwt;
    }

    @Override public String toString() {
        return "SdJwt[" + disclosures.size() + " disclosures" + (keyBindingJwt == null ? "" : ", key binding") + "]";
    }
}
