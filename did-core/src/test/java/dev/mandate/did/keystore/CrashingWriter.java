package dev.mandate.did.keystore;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link EncryptedKeyStoreTest}: adds a key but halts the JVM (no finally
 * blocks, no shutdown hooks: like a power cut) after the temporary file is written and synced,
 * before the rename.
 */
public final class CrashingWriter {
    static final int HALT_STATUS = 77;

    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        EncryptedKeyStore store = EncryptedKeyStore.withHook(Path.of(args[0]), EncryptedKeyStore.MIN_ITERATION_COUNT,
                () -> Runtime.getRuntime().halt(HALT_STATUS));
        store.add(args[1].toCharArray(), "crashed", new ECKeyGenerator(Curve.P_256).generate());
        System.exit(0); // not reached: the hook halts first
    }
}
