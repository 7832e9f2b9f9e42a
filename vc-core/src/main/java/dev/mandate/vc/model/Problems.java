package dev.mandate.vc.model;

import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects problems, stopping after a bound so that hostile input cannot produce unbounded output. */
final class Problems {
    static final int MAX = 100;

    private final List<Problem> list = new ArrayList<>();
    private boolean truncated;

    void add(ErrorType type, String path, String message) {
        if (list.size() < MAX) {
            list.add(new Problem(type, message, path));
        } else if (!truncated) {
            truncated = true;
            list.add(new Problem(ErrorType.LIMIT_EXCEEDED_ERROR,
                    "more than " + MAX + " problems; stopped reporting", ""));
        }
    }

    void malformed(String path, String message) {
        add(ErrorType.MALFORMED_VALUE_ERROR, path, message);
    }

    List<Problem> toList() {
        return Collections.unmodifiableList(new ArrayList<>(list));
    }
}
