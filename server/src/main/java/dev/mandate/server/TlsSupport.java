package dev.mandate.server;

import dev.mandate.server.config.ServerConfigException;
import dev.mandate.server.config.Tls;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Builds Jetty's TLS context from PEM files or a PKCS#12 file, and reads PEM certificates. */
final class TlsSupport {
    private static final long MAX_FILE = 1024 * 1024;

    private TlsSupport() {
    }

    /** The TLS context for {@code tls} (not {@link Tls.Disabled}). */
    static SslContextFactory.Server sslContextFactory(Tls tls, Map<String, String> env) throws ServerConfigException {
        KeyStore ks;
        char[] password;
        if (tls instanceof Tls.Pem pem) {
            List<X509Certificate> chain = readCertificates(pem.certificateChain(), "tls.certificate");
            if (chain.isEmpty()) {
                throw new ServerConfigException("tls.certificate: " + pem.certificateChain() + " holds no PEM certificate");
            }
            PrivateKey key = readPrivateKey(pem.privateKey());
            password = randomPassword();
            try {
                ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
            } catch (GeneralSecurityException | IOException e) {
                throw new ServerConfigException("tls: the private key does not fit the certificate: " + e.getMessage(), e);
            }
        } else if (tls instanceof Tls.Pkcs12 p12) {
            password = p12.password().read(env);
            try (InputStream in = Files.newInputStream(p12.file())) {
                ks = KeyStore.getInstance("PKCS12");
                ks.load(in, password);
            } catch (IOException | GeneralSecurityException e) {
                Arrays.fill(password, '\0');
                throw new ServerConfigException("tls.pkcs12: cannot open " + p12.file() + " (wrong password or not a PKCS#12 file: "
                        + e.getClass().getSimpleName() + ")", e);
            }
            try {
                if (Collections.list(ks.aliases()).stream().noneMatch(a -> isKeyEntry(ks, a))) {
                    throw new ServerConfigException("tls.pkcs12: " + p12.file() + " holds no private key entry");
                }
            } catch (GeneralSecurityException e) {
                throw new ServerConfigException("tls.pkcs12: " + p12.file() + ": " + e.getMessage(), e);
            }
        } else {
            throw new IllegalArgumentException("TLS is disabled");
        }
        SslContextFactory.Server f = new SslContextFactory.Server();
        f.setKeyStore(ks);
        f.setKeyStorePassword(new String(password));
        f.setKeyManagerPassword(new String(password));
        Arrays.fill(password, '\0');
        f.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        f.setSniRequired(false);
        return f;
    }

    private static boolean isKeyEntry(KeyStore ks, String alias) {
        try {
            return ks.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Every certificate in a PEM file. */
    static List<X509Certificate> readCertificates(Path file, String field) throws ServerConfigException {
        byte[] bytes = read(file, field);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : cf.generateCertificates(new java.io.ByteArrayInputStream(bytes))) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new ServerConfigException(field + ": " + file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    private static PrivateKey readPrivateKey(Path file) throws ServerConfigException {
        byte[] bytes = read(file, "tls.privateKey");
        try (Reader r = new java.io.StringReader(new String(bytes, StandardCharsets.US_ASCII));
             PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter().setProvider(new BouncyCastleProvider());
            if (o instanceof PEMKeyPair kp) {
                return conv.getPrivateKey(kp.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            }
            throw new ServerConfigException("tls.privateKey: " + file + " holds no unencrypted PEM private key"
                    + (o == null ? "" : " (found " + o.getClass().getSimpleName() + "; encrypted keys are not supported, use pkcs12)"));
        } catch (IOException e) {
            throw new ServerConfigException("tls.privateKey: " + file + " is not a PEM private key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] read(Path file, String field) throws ServerConfigException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes((int) MAX_FILE + 1);
            if (b.length > MAX_FILE) {
                throw new ServerConfigException(field + ": " + file + " is larger than 1 MiB");
            }
            return b;
        } catch (IOException e) {
            throw new ServerConfigException(field + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static char[] randomPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b).toCharArray();
    }
}
