package dev.mandate.cli;

import java.io.Console;
import java.util.Optional;

/** Asks a person for a passphrase without echo. */
@FunctionalInterface
public interface PassphrasePrompt {
    /**
     * Shows {@code prompt} and reads one line without echoing it.
     *
     * @return the passphrase, or empty if there is no terminal to ask
     */
    Optional<char[]> read(String prompt);

    /** No terminal: always empty. */
    static PassphrasePrompt none() {
        return prompt -> Optional.empty();
    }

    /**
     * The process's terminal ({@link System#console()}), if there is one. On Java 22+, where
     * {@code System.console()} also exists for redirected streams, only a real terminal is used.
     */
    static PassphrasePrompt console() {
        return prompt -> {
            Console c = System.console();
            if (c == null || !isTerminal(c)) {
                return Optional.empty();
            }
            return Optional.ofNullable(c.readPassword("%s", prompt));
        };
    }

    private static boolean isTerminal(Console c) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException e) {
            return true; // Java 17-21: System.console() is non-null only for a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
