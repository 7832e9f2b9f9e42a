package dev.mandate.cli.demo;

import java.util.Objects;

/**
 * A typed name for a value one demo step leaves for later steps.
 *
 * @param name the value's name, unique within a demo run
 * @param type the value's type
 * @param <T>  the value's type
 */
public record DemoKey<T>(String name, Class<T> type) {
    /** Checks that nothing is null. */
    public DemoKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** A key called {@code name} for values of {@code type}. */
    public static <T> DemoKey<T> of(String name, Class<T> type) {
        return new DemoKey<>(name, type);
    }
}
