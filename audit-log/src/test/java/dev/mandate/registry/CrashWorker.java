package dev.mandate.registry;

import dev.mandate.vc.status.StatusPurpose;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;

/**
 * Child process of the crash test: allocates and revokes in a loop, appending a line to a log after
 * each committed operation, until it is killed.
 * Arguments: store URL, log file, credential id prefix.
 */
public final class CrashWorker {
    private CrashWorker() {}

    public static void main(String[] args) throws Exception {
        Store store = Stores.open(args[0]);
        try (PrintStream log = new PrintStream(new FileOutputStream(args[1], true), true, StandardCharsets.UTF_8)) {
            for (int i = 0; ; i++) {
                String id = args[2] + i;
                List<StatusEntryRecord> e = store.allocate(id, "did:example:crash", EnumSet.of(StatusPurpose.REVOCATION), "");
                log.println("A " + id + " " + e.get(0).listId() + " " + e.get(0).index());
                if (i % 2 == 0) {
                    store.revoke(id);
                    log.println("R " + id);
                }
            }
        }
    }
}
