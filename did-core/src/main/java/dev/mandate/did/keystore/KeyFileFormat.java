package dev.mandate.did.keystore;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.PasswordBasedDecrypter;
import com.nimbusds.jose.crypto.PasswordBasedEncrypter;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.mandate.did.keystore.EncryptedKeyStoreException.Reason;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key-store file format, without the file: one compact JWE ({@code PBES2-HS512+A256KW}, {@code A256GCM},
 * {@code cty} {@code jwk-set+json}) whose plaintext is a JWK set with {@code kid} = the key's name, plus
 * {@code "mandate-keystore": 1} and {@code "created": {name: ISO-8601 instant}} (see {@link EncryptedKeyStore}).
 */
final class KeyFileFormat {
    /** Payload member holding the format version. */
    static final String VERSION_MEMBER = "mandate-keystore";
    /** Payload member mapping key names to creation instants. */
    static final String CREATED_MEMBER = "created";
    static final int FORMAT_VERSION = 1;

    private KeyFileFormat() {
    }

    /**
     * The keys in a key-store file.
     *
     * @param path       the key store, for error messages
     * @param bytes      the file's content
     * @param passphrase the passphrase
     * @return the keys, in the file's order
     * @throws EncryptedKeyStoreException if the content is not a key store, or the passphrase is wrong
     */
    static List<StoredKey> decode(Path path, byte[] bytes, char[] passphrase) throws EncryptedKeyStoreException {
        String text = new String(bytes, StandardCharsets.US_ASCII).strip();
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(text);
        } catch (ParseException | RuntimeException e) {
            throw corrupted(path, "not a compact JWE", e);
        }
        JWEHeader header = jwe.getHeader();
        if (!JWEAlgorithm.PBES2_HS512_A256KW.equals(header.getAlgorithm())
                || !EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())) {
            throw corrupted(path, "unexpected JWE algorithms " + header.getAlgorithm() + "/" + header.getEncryptionMethod()
                    + " (expected PBES2-HS512+A256KW/A256GCM)", null);
        }
        int p2c = header.getPBES2Count();
        if (p2c < EncryptedKeyStore.MIN_ITERATION_COUNT || p2c > EncryptedKeyStore.MAX_ITERATION_COUNT || header.getPBES2Salt() == null) {
            throw corrupted(path, "PBES2 parameters out of range (p2c " + p2c + ")", null);
        }
        byte[] password = utf8(passphrase);
        try {
            jwe.decrypt(new PasswordBasedDecrypter(password));
        } catch (JOSEException | RuntimeException e) {
            throw new EncryptedKeyStoreException(Reason.WRONG_PASSPHRASE_OR_CORRUPTED, path,
                    "wrong passphrase or corrupted key store " + path, e);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        return parsePayload(path, jwe.getPayload().toString());
    }

    private static List<StoredKey> parsePayload(Path path, String json) throws EncryptedKeyStoreException {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw corrupted(path, "the decrypted payload is not a JWK set", e);
        }
        Map<String, Object> extra = set.getAdditionalMembers();
        Object version = extra.get(VERSION_MEMBER);
        if (version != null && !(version instanceof Number && ((Number) version).intValue() == FORMAT_VERSION)) {
            throw corrupted(path, "unsupported key-store format version " + version, null);
        }
        Map<?, ?> created = extra.get(CREATED_MEMBER) instanceof Map ? (Map<?, ?>) extra.get(CREATED_MEMBER) : Map.of();
        List<StoredKey> keys = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            String name = jwk.getKeyID();
            if (!EncryptedKeyStore.isValidName(name)) {
                throw corrupted(path, "a key has a missing or invalid kid", null);
            }
            if (keys.stream().anyMatch(k -> k.name().equals(name))) {
                throw corrupted(path, "two keys are named '" + name + "'", null);
            }
            Instant at = Instant.EPOCH;
            if (created.get(name) instanceof String) {
                try {
                    at = Instant.parse((String) created.get(name));
                } catch (DateTimeParseException e) {
                    throw corrupted(path, "key '" + name + "' has an invalid creation time", e);
                }
            }
            keys.add(new StoredKey(name, jwk, at));
        }
        return keys;
    }

    /**
     * The file's bytes for {@code keys}, encrypted under {@code passphrase} with a fresh salt.
     *
     * @param path           the key store, for error messages
     * @param keys           the keys, in their order
     * @param passphrase     the passphrase
     * @param iterationCount PBKDF2 iterations
     * @return the compact JWE and a newline, US-ASCII
     * @throws EncryptedKeyStoreException if encryption fails
     */
    static byte[] encode(Path path, List<StoredKey> keys, char[] passphrase, int iterationCount) throws EncryptedKeyStoreException {
        Map<String, Object> created = new LinkedHashMap<>();
        List<JWK> jwks = new ArrayList<>();
        for (StoredKey k : keys) {
            jwks.add(k.jwk());
            created.put(k.name(), k.created().toString());
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(VERSION_MEMBER, FORMAT_VERSION);
        extra.put(CREATED_MEMBER, created);
        String payload = new JWKSet(jwks, extra).toString(false);
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.PBES2_HS512_A256KW, EncryptionMethod.A256GCM)
                .contentType(EncryptedKeyStore.CONTENT_TYPE).build(), new Payload(payload));
        byte[] password = utf8(passphrase);
        try {
            jwe.encrypt(new PasswordBasedEncrypter(password, EncryptedKeyStore.SALT_LENGTH, iterationCount));
        } catch (JOSEException e) {
            throw new EncryptedKeyStoreException(Reason.IO_ERROR, path, "cannot encrypt key store " + path + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        return (jwe.serialize() + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] utf8(char[] chars) {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        if (bb.hasArray()) {
            Arrays.fill(bb.array(), (byte) 0);
        }
        return out;
    }

    private static EncryptedKeyStoreException corrupted(Path path, String what, Throwable cause) {
        return new EncryptedKeyStoreException(Reason.CORRUPTED, path, "corrupted key store " + path + ": " + what, cause);
    }
}
