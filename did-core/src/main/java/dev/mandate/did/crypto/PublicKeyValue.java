package dev.mandate.did.crypto;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A validated public signature key: its type and its raw bytes (32 bytes for Ed25519, the SEC1
 * compressed point for the EC types). Every instance holds a valid key: the constructor checks the
 * length and that the point is on the curve.
 *
 * <p>Use {@link #of}, {@link #fromMultikey} or {@link #fromJwk} for untrusted input: they report a
 * bad key with a {@link DecodingException}. The canonical constructor is for values already known to be
 * valid and throws {@link IllegalArgumentException} otherwise. Decoded curve points are cached, so
 * {@link #verifier()} on a key seen before does not decode it again.
 *
 * @param type the key type
 * @param bytes the raw public key (a copy is kept and returned)
 */
public record PublicKeyValue(KeyType type, byte[] bytes) {

    /**
     * Validates and copies; throws IllegalArgumentException for an invalid key.
     *
     * @param type  the key type
     * @param bytes the raw public key (compressed point for EC, 32 bytes for Ed25519)
     */
    public PublicKeyValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(bytes, "bytes");
        bytes = bytes.clone();
        try {
            KeyCodec.decodePublic(type, bytes);
        } catch (DecodingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Creates a public key from raw bytes (compressed point for EC).
     *
     * @param type  the key type
     * @param bytes the raw public key
     * @return the key
     * @throws DecodingException INVALID_KEY_LENGTH or INVALID_KEY
     */
    public static PublicKeyValue of(KeyType type, byte[] bytes) throws DecodingException {
        Objects.requireNonNull(type, "type");
        if (bytes == null) throw new DecodingException(DecodingException.Code.INVALID_KEY_LENGTH, "no public key bytes");
        KeyCodec.decodePublic(type, bytes);
        return new PublicKeyValue(type, bytes);
    }

    /** {@return a copy of the raw key bytes} */
    @Override public byte[] bytes() { return bytes.clone(); }

    /** {@return a verifier for this key; cheap to call repeatedly (decoded points are cached)} */
    public SignatureVerifier verifier() {
        try {
            return KeyCodec.verifier(type, KeyCodec.decodePublic(type, bytes));
        } catch (DecodingException e) {
            throw new IllegalStateException("validated key failed to decode", e); // unreachable: checked in constructor
        }
    }

    /** {@return the Multikey (multibase base58btc of multicodec header + key), e.g. {@code z6Mk...} for Ed25519} */
    public String toMultikey() {
        return Multibase.encode(Multibase.Base.BASE58BTC, Multicodec.prefix(type.multicodecPublic(), bytes));
    }

    /**
     * Decodes a Multikey public key ({@code z6Mk}, {@code zDna}, {@code z82L}, {@code zQ3s}).
     *
     * @param multikey the {@code publicKeyMultibase} value
     * @return the key
     * @throws DecodingException INVALID_ENCODING (not base58btc multibase, bad varint), INVALID_KEY_TYPE
     *     (unknown, unsupported or secret-key header), INVALID_KEY_LENGTH, INVALID_KEY (not on the curve)
     */
    public static PublicKeyValue fromMultikey(String multikey) throws DecodingException {
        byte[] raw = Multibase.decode(multikey, Multibase.Base.BASE58BTC, 256);
        Multicodec.Prefixed p = Multicodec.read(raw);
        for (KeyType t : KeyType.values()) {
            if (t.multicodecPublic() == p.code()) return of(t, p.data());
            if (t.multicodecPrivate() == p.code()) {
                throw new DecodingException(DecodingException.Code.INVALID_KEY_TYPE,
                        "Multikey has the secret-key header of " + t.curve() + " (0x" + Long.toHexString(p.code()) + "), expected a public key");
            }
        }
        if (p.code() == Multicodec.X25519_PUB) {
            throw new DecodingException(DecodingException.Code.INVALID_KEY_TYPE,
                    "Multikey is an X25519 key-agreement key (0xec), not a signature key");
        }
        throw new DecodingException(DecodingException.Code.INVALID_KEY_TYPE,
                "Multikey header 0x" + Long.toHexString(p.code()) + " is not a supported key type (Ed25519, P-256, P-384, secp256k1)");
    }

    /** {@return the public JWK (RFC 8037 OKP for Ed25519, RFC 7518 EC with x and y otherwise); no {@code kid}} */
    public JWK toJwk() {
        if (type == KeyType.ED25519) {
            return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(bytes)).build();
        }
        ECPoint q = ((ECPublicKeyParameters) verifierParams()).getQ().normalize();
        int size = KeyCodec.fieldSize(type);
        Base64URL x = Base64URL.encode(KeyCodec.unsigned(q.getAffineXCoord().toBigInteger(), size));
        Base64URL y = Base64URL.encode(KeyCodec.unsigned(q.getAffineYCoord().toBigInteger(), size));
        return new ECKey.Builder(nimbusCurve(type), x, y).build();
    }

    /**
     * Reads a public key from a JWK (private members, if present, are ignored).
     *
     * @param jwk the JWK
     * @return the key
     * @throws DecodingException INVALID_KEY_TYPE (kty/crv not Ed25519, P-256, P-384 or secp256k1),
     *     INVALID_ENCODING ({@code x} or {@code y} not canonical base64url), INVALID_KEY_LENGTH (coordinate not of the full size), INVALID_KEY (not on the curve)
     */
    public static PublicKeyValue fromJwk(JWK jwk) throws DecodingException {
        if (jwk == null) throw new DecodingException(DecodingException.Code.INVALID_KEY_TYPE, "no JWK");
        if (jwk instanceof OctetKeyPair okp) {
            if (!Curve.Ed25519.equals(okp.getCurve())) {
                throw new DecodingException(DecodingException.Code.INVALID_KEY_TYPE, "JWK OKP curve " + okp.getCurve()
                        + " is not supported for signatures (supported: Ed25519)");
            }
            return of(KeyType.ED25519, member(okp.getX(), "x"));
        }
        if (jwk instanceof ECKey ec) {
            KeyType type = keyType(ec.getCurve());
            int size = KeyCodec.fieldSize(type);
            byte[] x = member(ec.getX(), "x");
            byte[] y = member(ec.getY(), "y");
            if (x.length != size || y.length != size) {
                throw new DecodingException(DecodingException.Code.INVALID_KEY_LENGTH, "JWK " + type.curve()
                        + " coordinates must be " + size + " bytes each, found x=" + x.length + " y=" + y.length);
            }
            return new PublicKeyValue(type, KeyCodec.compress(type, new BigInteger(1, x), new BigInteger(1, y)));
        }
        throw new DecodingException(DecodingException.Code.INVALID_KEY_TYPE,
                "JWK key type " + jwk.getKeyType() + " is not supported (supported: OKP Ed25519, EC P-256/P-384/secp256k1)");
    }

    /**
     * The bytes of a JWK member, which must be canonical base64url: Nimbus decodes leniently (padding,
     * non-zero pad bits, even stray characters), so without this one key would have several JWK
     * spellings, hence several did:jwk DIDs and several {@code cnf} values.
     *
     * @throws DecodingException INVALID_ENCODING if the member is absent or not canonical
     */
    static byte[] member(Base64URL value, String name) throws DecodingException {
        if (value == null) throw new DecodingException(DecodingException.Code.INVALID_ENCODING, "JWK has no member '" + name + "'");
        String text = value.toString();
        String why = Base64Url.check(text, 0, text.length(), "JWK member '" + name + "'");
        if (why != null) throw new DecodingException(DecodingException.Code.INVALID_ENCODING, why);
        return value.decode();
    }

    static KeyType keyType(Curve crv) throws DecodingException {
        if (Curve.P_256.equals(crv)) return KeyType.P256;
        if (Curve.P_384.equals(crv)) return KeyType.P384;
        if (Curve.SECP256K1.equals(crv)) return KeyType.SECP256K1;
        throw new DecodingException(DecodingException.Code.INVALID_KEY_TYPE,
                "JWK EC curve " + crv + " is not supported (supported: P-256, P-384, secp256k1)");
    }

    static Curve nimbusCurve(KeyType type) {
        switch (type) {
            case ED25519: return Curve.Ed25519;
            case P256: return Curve.P_256;
            case P384: return Curve.P_384;
            default: return Curve.SECP256K1;
        }
    }

    private Object verifierParams() {
        try {
            return KeyCodec.decodePublic(type, bytes);
        } catch (DecodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override public boolean equals(Object o) {
        return o instanceof PublicKeyValue k && k.type == type && Arrays.equals(k.bytes, bytes);
    }

    @Override public int hashCode() { return type.hashCode() * 31 + Arrays.hashCode(bytes); }

    /** The key type and its Multikey form. */
    @Override public String toString() { return "PublicKeyValue[" + type.curve() + ", " + toMultikey() + "]"; }
}
