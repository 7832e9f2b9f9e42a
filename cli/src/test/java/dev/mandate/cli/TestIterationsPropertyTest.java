package dev.mandate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mandate.did.keystore.EncryptedKeyStore;
import org.junit.jupiter.api.Test;

/** The test-only knob that lowers the KDF cost of key stores written by the real jar never goes below the floor. */
class TestIterationsPropertyTest {
    @Test
    void onlyAValueBetweenTheFloorAndTheDefaultIsTaken() {
        assertEquals(EncryptedKeyStore.DEFAULT_ITERATION_COUNT, CliEnvironment.iterations(null));
        assertEquals(1000, CliEnvironment.iterations("1000"));
        assertEquals(250_000, CliEnvironment.iterations(" 250000 "));
        // below the floor, above the default, or not a number: the strong default
        assertEquals(EncryptedKeyStore.DEFAULT_ITERATION_COUNT, CliEnvironment.iterations("1"));
        assertEquals(EncryptedKeyStore.DEFAULT_ITERATION_COUNT, CliEnvironment.iterations("0"));
        assertEquals(EncryptedKeyStore.DEFAULT_ITERATION_COUNT, CliEnvironment.iterations("-5"));
        assertEquals(EncryptedKeyStore.DEFAULT_ITERATION_COUNT, CliEnvironment.iterations("600001"));
        assertEquals(EncryptedKeyStore.DEFAULT_ITERATION_COUNT, CliEnvironment.iterations("fast"));
        assertEquals(EncryptedKeyStore.DEFAULT_ITERATION_COUNT, CliEnvironment.iterations(""));
    }
}
