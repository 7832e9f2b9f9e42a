package dev.mandate.registry.audit;

import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.vc.json.Jsonp;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Child process of the audit crash test: appends entries (with sizeable details) in a loop, writing
 * "seq leafhash" to a file after each committed append, until it is killed.
 * Arguments: store URL, output file.
 */
public final class AuditCrashWorker {
    private AuditCrashWorker() {}

    public static void main(String[] args) throws Exception {
        Store store = Stores.open(args[0]);
        AuditLog log = new AuditLog(store);
        String padding = "x".repeat(4000);
        try (PrintStream out = new PrintStream(new FileOutputStream(args[1], true), true, StandardCharsets.UTF_8)) {
            for (int i = 0; ; i++) {
                AuditEntry e = log.append("status", "crash-worker", "urn:crash:" + i,
                        Jsonp.PROVIDER.createObjectBuilder().add("i", i).add("padding", padding).build());
                out.println(e.seq() + " " + e.leafHashHex());
            }
        }
    }
}
