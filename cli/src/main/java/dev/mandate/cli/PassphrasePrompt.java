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

    /** The process's terminal ({@link System#console()}), if there is one. */
    static PassphrasePrompt console() {
        return prompt -> {
            Console c = System.console();
            if (c == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(c.readPassword("%s", prompt));
        };
    }
}
