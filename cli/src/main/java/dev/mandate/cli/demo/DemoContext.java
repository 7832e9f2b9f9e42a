package dev.mandate.cli.demo;

import dev.mandate.did.keystore.EncryptedKeyStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * What demo steps share: the working directory (deleted afterwards unless kept), the demo's own
 * encrypted key store and passphrase, the narration stream, and typed values left by earlier steps.
 * Every resource a step opens that must outlive it (a server) is registered with {@link #onClose(AutoCloseable)}.
 */
public final class DemoContext implements AutoCloseable {
    private final Path workDir;
    private final PrintWriter out;
    private final EncryptedKeyStore keyStore;
    private final char[] passphrase;
    private final Map<String, Object> values = new HashMap<>();
    private final java.util.Deque<AutoCloseable> closeables = new java.util.ArrayDeque<>();

    DemoContext(Path workDir, PrintWriter out, EncryptedKeyStore keyStore, char[] passphrase) {
        this.workDir = Objects.requireNonNull(workDir);
        this.out = Objects.requireNonNull(out);
        this.keyStore = Objects.requireNonNull(keyStore);
        this.passphrase = passphrase.clone();
    }

    /** The demo's working directory. */
    public Path workDir() {
        return workDir;
    }

    /** The demo's key store (inside {@link #workDir()}). */
    public EncryptedKeyStore keyStore() {
        return keyStore;
    }

    /** The demo key store's passphrase (random, for this run only). */
    public char[] passphrase() {
        return passphrase.clone();
    }

    /** Narrates one line, indented under the current step. */
    public void say(String format, Object... args) {
        out.println("  " + (args.length == 0 ? format : String.format(format, args)));
        out.flush();
    }

    /** Shows a block of text (JSON, a file) indented under the current step. */
    public void show(String text) {
        text.lines().forEach(l -> out.println("    " + l));
        out.flush();
    }

    /** Stores a value for later steps. */
    public <T> void put(DemoKey<T> key, T value) {
        values.put(key.name(), key.type().cast(Objects.requireNonNull(value, key.name())));
    }

    /**
     * A value an earlier step stored.
     *
     * @throws NoSuchElementException if no step stored it (a step-order bug)
     */
    public <T> T get(DemoKey<T> key) {
        Object v = values.get(key.name());
        if (v == null) {
            throw new NoSuchElementException("no earlier demo step produced '" + key.name() + "'");
        }
        return key.type().cast(v);
    }

    /** True if an earlier step stored a value under {@code key}. */
    public boolean has(DemoKey<?> key) {
        return values.containsKey(key.name());
    }

    /** Closes {@code resource} when the demo ends (in reverse order of registration). */
    public <T extends AutoCloseable> T onClose(T resource) {
        closeables.push(resource);
        return resource;
    }

    /** Closes every registered resource and wipes the passphrase. */
    @Override
    public void close() {
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                // best effort: the demo is over
            }
        }
        java.util.Arrays.fill(passphrase, '\0');
    }
}
