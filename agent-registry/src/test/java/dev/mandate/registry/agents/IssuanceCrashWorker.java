package dev.mandate.registry.agents;

import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;

import java.util.ArrayList;
import java.util.List;

/**
 * Child process of the issuance crash test: records issuances to one agent from many threads until it is killed,
 * printing {@code answered <credential id>} after each call returned (the moment a server would answer).
 * Arguments: store URL, agent DID, thread count.
 */
public final class IssuanceCrashWorker {
    private IssuanceCrashWorker() {}

    public static void main(String[] args) throws Exception {
        Store store = Stores.open(args[0]);
        AgentRegistry registry = new AgentRegistry(store);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < Integer.parseInt(args[2]); t++) {
            int tt = t;
            Thread th = new Thread(() -> {
                for (int i = 0; ; i++) {
                    String id = "urn:uuid:crash-" + tt + "-" + i;
                    try {
                        registry.recordIssuance(IssuanceGroupCommitContractTest.credential(id, args[1]), "did:key:z6MkIssuer", "issuance");
                    } catch (Exception e) {
                        System.out.println("failed " + id + ": " + e.getMessage());
                        continue;
                    }
                    synchronized (System.out) {
                        System.out.println("answered " + id);
                        System.out.flush();
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
    }
}
