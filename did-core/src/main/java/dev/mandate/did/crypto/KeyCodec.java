package dev.mandate.did.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** Curve parameters, public-key decoding with a bounded cache of decoded points, and the verifiers. */
final class KeyCodec {
    private static final int CACHE_LIMIT = 4096;
    private static final Map<CacheKey, Object> DECODED = new ConcurrentHashMap<>();

    static final ECDomainParameters P256 = domain("secp256r1");
    static final ECDomainParameters P384 = domain("secp384r1");
    static final ECDomainParameters SECP256K1 = domain("secp256k1");

    private KeyCodec() {}

    private static ECDomainParameters domain(String name) {
        X9ECParameters x9 = CustomNamedCurves.getByName(name);
        return new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
    }

    static ECDomainParameters domain(KeyType type) {
        switch (type) {
            case P256: return P256;
            case P384: return P384;
            case SECP256K1: return SECP256K1;
            default: throw new IllegalArgumentException("not an EC key type: " + type);
        }
    }

    static Digest digest(KeyType type) {
        return type == KeyType.P384 ? new SHA384Digest() : new SHA256Digest();
    }

    /** Field size in bytes of an EC key type (32 or 48). */
    static int fieldSize(KeyType type) {
        return type.privateKeyLength();
    }

    /**
     * Decodes and validates a public key: an {@link Ed25519.PublicPoint} for Ed25519, an
     * {@link ECPublicKeyParameters} for the EC types. Results are cached (bounded).
     */
    static Object decodePublic(KeyType type, byte[] bytes) throws DecodingException {
        if (bytes.length != type.publicKeyLength()) {
            throw new DecodingException(DecodingException.Code.INVALID_KEY_LENGTH, type.curve() + " public key must be "
                    + type.publicKeyLength() + " bytes" + (type == KeyType.ED25519 ? "" : " (compressed point)")
                    + " but is " + bytes.length);
        }
        CacheKey key = new CacheKey(type, bytes);
        Object cached = DECODED.get(key);
        if (cached != null) return cached;
        Object decoded = type == KeyType.ED25519 ? decodeEd25519(bytes) : decodeEc(type, bytes);
        if (DECODED.size() >= CACHE_LIMIT) DECODED.clear();
        DECODED.put(new CacheKey(type, bytes.clone()), decoded);
        return decoded;
    }

    private static Ed25519.PublicPoint decodeEd25519(byte[] bytes) throws DecodingException {
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(bytes, 0);
        if (point == null) {
            throw new DecodingException(DecodingException.Code.INVALID_KEY,
                    "Ed25519 public key is not a valid curve point (not decodable, non-canonical or of small order)");
        }
        return point;
    }

    private static ECPublicKeyParameters decodeEc(KeyType type, byte[] bytes) throws DecodingException {
        if (bytes[0] != 0x02 && bytes[0] != 0x03) {
            throw new DecodingException(DecodingException.Code.INVALID_KEY,
                    type.curve() + " public key must be a compressed point starting with 0x02 or 0x03, found 0x"
                            + String.format("%02x", bytes[0] & 0xFF));
        }
        ECDomainParameters dp = domain(type);
        ECPoint point;
        try {
            point = dp.getCurve().decodePoint(bytes);
        } catch (RuntimeException e) {
            throw new DecodingException(DecodingException.Code.INVALID_KEY, type.curve() + " public key is not a point on the curve");
        }
        if (point.isInfinity() || !point.isValid()) {
            throw new DecodingException(DecodingException.Code.INVALID_KEY, type.curve() + " public key is not a point on the curve");
        }
        return new ECPublicKeyParameters(point.normalize(), dp);
    }

    /** Compresses an EC point given as affine coordinates (checks it is on the curve). */
    static byte[] compress(KeyType type, BigInteger x, BigInteger y) throws DecodingException {
        ECDomainParameters dp = domain(type);
        try {
            ECPoint p = dp.getCurve().validatePoint(x, y);
            return p.getEncoded(true);
        } catch (RuntimeException e) {
            throw new DecodingException(DecodingException.Code.INVALID_KEY, type.curve() + " public key (x, y) is not a point on the curve");
        }
    }

    /** Fixed-length unsigned big-endian encoding. */
    static byte[] unsigned(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        if (raw.length == length) return raw;
        byte[] out = new byte[length];
        if (raw.length > length) {
            System.arraycopy(raw, raw.length - length, out, 0, length); // drop sign byte
        } else {
            System.arraycopy(raw, 0, out, length - raw.length, raw.length);
        }
        return out;
    }

    static SignatureVerifier verifier(KeyType type, Object decoded) {
        if (type == KeyType.ED25519) return new Ed25519Verifier((Ed25519.PublicPoint) decoded);
        return new EcdsaVerifier(type, (ECPublicKeyParameters) decoded);
    }

    private static final class Ed25519Verifier implements SignatureVerifier {
        private final Ed25519.PublicPoint point;

        Ed25519Verifier(Ed25519.PublicPoint point) { this.point = point; }

        @Override public KeyType keyType() { return KeyType.ED25519; }

        @Override public boolean verify(byte[] data, byte[] signature) {
            if (data == null || signature == null || signature.length != Ed25519.SIGNATURE_SIZE) return false;
            try {
                return Ed25519.verify(signature, 0, point, data, 0, data.length);
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    private static final class EcdsaVerifier implements SignatureVerifier {
        private final KeyType type;
        private final ECPublicKeyParameters key;

        EcdsaVerifier(KeyType type, ECPublicKeyParameters key) {
            this.type = type;
            this.key = key;
        }

        @Override public KeyType keyType() { return type; }

        @Override public boolean verify(byte[] data, byte[] signature) {
            if (data == null || signature == null || signature.length != type.signatureLength()) return false;
            int half = signature.length / 2;
            BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, half));
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, half, signature.length));
            Digest digest = digest(type);
            digest.update(data, 0, data.length);
            byte[] hash = new byte[digest.getDigestSize()];
            digest.doFinal(hash, 0);
            try {
                ECDSASigner signer = new ECDSASigner();
                signer.init(false, key);
                return signer.verifySignature(hash, r, s);
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    private static final class CacheKey {
        private final KeyType type;
        private final byte[] bytes;
        private final int hash;

        CacheKey(KeyType type, byte[] bytes) {
            this.type = type;
            this.bytes = bytes;
            this.hash = type.hashCode() * 31 + Arrays.hashCode(bytes);
        }

        @Override public boolean equals(Object o) {
            return o instanceof CacheKey k && k.type == type && Arrays.equals(k.bytes, bytes);
        }

        @Override public int hashCode() { return hash; }
    }
}
