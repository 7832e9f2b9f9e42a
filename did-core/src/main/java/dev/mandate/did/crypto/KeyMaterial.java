package dev.mandate.did.crypto;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A private key held in memory, with its public key. {@link #toString()} never shows the secret.
 *
 * <p>ECDSA signatures are deterministic (RFC 6979) over SHA-256 (P-256, secp256k1) or SHA-384 (P-384),
 * encoded as raw {@code r||s}; secp256k1 signatures are normalised to low-S. Ed25519 signatures are
 * RFC 8032 pure Ed25519.
 */
public final class KeyMaterial {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyType type;
    private final byte[] secret; // Ed25519 seed or EC scalar, fixed length
    private final PublicKeyValue publicKey;
    private final Ed25519PrivateKeyParameters edKey;
    private final ECPrivateKeyParameters ecKey;

    private KeyMaterial(KeyType type, byte[] secret) throws DecodingException {
        this.type = type;
        this.secret = secret;
        if (type == KeyType.ED25519) {
            this.edKey = new Ed25519PrivateKeyParameters(secret, 0);
            this.ecKey = null;
            this.publicKey = PublicKeyValue.of(type, edKey.generatePublicKey().getEncoded());
        } else {
            ECDomainParameters dp = KeyCodec.domain(type);
            BigInteger d = new BigInteger(1, secret);
            if (d.signum() == 0 || d.compareTo(dp.getN()) >= 0) {
                throw new DecodingException(DecodingException.Code.INVALID_KEY, type.curve() + " private key is out of range [1, n-1]");
            }
            this.edKey = null;
            this.ecKey = new ECPrivateKeyParameters(d, dp);
            this.publicKey = PublicKeyValue.of(type, new FixedPointCombMultiplier().multiply(dp.getG(), d).normalize().getEncoded(true));
        }
    }

    /**
     * Generates a new key pair from a strong random source.
     *
     * @param type the key type
     * @return the new key
     */
    public static KeyMaterial generate(KeyType type) {
        Objects.requireNonNull(type, "type");
        while (true) {
            byte[] secret = new byte[type.privateKeyLength()];
            RANDOM.nextBytes(secret);
            try {
                return new KeyMaterial(type, secret);
            } catch (DecodingException e) {
                // EC scalar out of range: astronomically unlikely; draw again
            }
        }
    }

    /**
     * Imports a raw private key: the 32-byte seed for Ed25519, the big-endian scalar for EC types.
     *
     * @param type       the key type
     * @param privateKey the raw private key
     * @return the key, its public key derived
     * @throws DecodingException INVALID_KEY_LENGTH or INVALID_KEY (scalar out of range)
     */
    public static KeyMaterial fromPrivateKey(KeyType type, byte[] privateKey) throws DecodingException {
        Objects.requireNonNull(type, "type");
        if (privateKey == null || privateKey.length != type.privateKeyLength()) {
            throw new DecodingException(DecodingException.Code.INVALID_KEY_LENGTH, type.curve() + " private key must be "
                    + type.privateKeyLength() + " bytes but is " + (privateKey == null ? 0 : privateKey.length));
        }
        return new KeyMaterial(type, privateKey.clone());
    }

    /** {@return the key type} */
    public KeyType keyType() { return type; }

    /** {@return the public key} */
    public PublicKeyValue publicKey() { return publicKey; }

    /** {@return a signer using this key (thread-safe)} */
    public Signer signer() {
        return type == KeyType.ED25519 ? new Ed25519Signer(type, edKey) : new EcdsaSigner(type, ecKey);
    }

    /**
     * {@return the JWK; the private member {@code d} only if {@code includePrivate}}
     *
     * @param includePrivate true to include {@code d}: such a JWK is a secret
     */
    public JWK toJwk(boolean includePrivate) {
        JWK pub = publicKey.toJwk();
        if (!includePrivate) return pub;
        if (pub instanceof OctetKeyPair okp) {
            return new OctetKeyPair.Builder(okp).d(Base64URL.encode(secret)).build();
        }
        return new ECKey.Builder((ECKey) pub).d(Base64URL.encode(secret)).build();
    }

    /**
     * Imports a private JWK (OKP Ed25519 or EC P-256/P-384/secp256k1 with {@code d}); the public members
     * must match the private key.
     *
     * @param jwk a private JWK
     * @return the key
     * @throws DecodingException INVALID_KEY_TYPE (unsupported kty/crv, or no {@code d}), INVALID_ENCODING
     *     ({@code x}, {@code y} or {@code d} not canonical base64url), INVALID_KEY_LENGTH,
     *     INVALID_KEY (out of range, or public members do not belong to {@code d})
     */
    public static KeyMaterial fromJwk(JWK jwk) throws DecodingException {
        PublicKeyValue declared = PublicKeyValue.fromJwk(jwk);
        Base64URL d = jwk instanceof OctetKeyPair okp ? okp.getD() : ((ECKey) jwk).getD();
        if (d == null) {
            throw new DecodingException(DecodingException.Code.INVALID_KEY_TYPE, "JWK has no private key member 'd'");
        }
        KeyMaterial km = fromPrivateKey(declared.type(), PublicKeyValue.member(d, "d"));
        if (!km.publicKey.equals(declared)) {
            throw new DecodingException(DecodingException.Code.INVALID_KEY, "JWK public key members do not match its private key 'd'");
        }
        return km;
    }

    /**
     * {@return the secret key as a Multikey: multibase base58btc of the multicodec secret-key header (e.g. 0x1300)
     * and the raw key}
     */
    public String secretKeyMultikey() {
        return Multibase.encode(Multibase.Base.BASE58BTC, Multicodec.prefix(type.multicodecPrivate(), secret));
    }

    /**
     * Decodes a secret-key Multikey (ed25519-priv 0x1300, p256-priv 0x1306, p384-priv 0x1307, secp256k1-priv 0x1301).
     *
     * @param multikey the secret-key Multikey (base58btc multibase)
     * @return the key
     * @throws DecodingException INVALID_ENCODING, INVALID_KEY_TYPE (unknown or public-key header), INVALID_KEY_LENGTH, INVALID_KEY
     */
    public static KeyMaterial fromSecretKeyMultikey(String multikey) throws DecodingException {
        byte[] raw = Multibase.decode(multikey, Multibase.Base.BASE58BTC, 256);
        Multicodec.Prefixed p = Multicodec.read(raw);
        for (KeyType t : KeyType.values()) {
            if (t.multicodecPrivate() == p.code()) return fromPrivateKey(t, p.data());
            if (t.multicodecPublic() == p.code()) {
                throw new DecodingException(DecodingException.Code.INVALID_KEY_TYPE,
                        "Multikey is a " + t.curve() + " public key, expected a secret key");
            }
        }
        throw new DecodingException(DecodingException.Code.INVALID_KEY_TYPE,
                "secret-key Multikey header 0x" + Long.toHexString(p.code()) + " is not supported (Ed25519, P-256, P-384, secp256k1)");
    }

    /** Shows the key type and public key only. */
    @Override public String toString() {
        return "KeyMaterial[" + type.curve() + ", public " + publicKey.toMultikey() + "]";
    }

    private record Ed25519Signer(KeyType keyType, Ed25519PrivateKeyParameters key) implements Signer {
        @Override public byte[] sign(byte[] data) {
            byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
            key.sign(Ed25519.Algorithm.Ed25519, null, data, 0, data.length, sig, 0);
            return sig;
        }

        @Override public String toString() { return "Ed25519Signer"; }
    }

    private record EcdsaSigner(KeyType keyType, ECPrivateKeyParameters key) implements Signer {
        @Override public byte[] sign(byte[] data) {
            Digest digest = KeyCodec.digest(keyType);
            digest.update(data, 0, data.length);
            byte[] hash = new byte[digest.getDigestSize()];
            digest.doFinal(hash, 0);
            ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(KeyCodec.digest(keyType)));
            signer.init(true, key);
            BigInteger[] rs = signer.generateSignature(hash);
            BigInteger n = key.getParameters().getN();
            BigInteger s = rs[1];
            if (keyType == KeyType.SECP256K1 && s.compareTo(n.shiftRight(1)) > 0) s = n.subtract(s);
            int size = KeyCodec.fieldSize(keyType);
            byte[] out = Arrays.copyOf(KeyCodec.unsigned(rs[0], size), 2 * size);
            System.arraycopy(KeyCodec.unsigned(s, size), 0, out, size, size);
            return out;
        }

        @Override public String toString() { return "EcdsaSigner[" + keyType.curve() + "]"; }
    }
}
