package dev.mandate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mandate.agent.state.ChallengeStore;
import dev.mandate.server.PresentationEndpointTest.MovableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link ChallengeStore#useOnce}: single use within the ttl, bounded memory, issued challenges consumed too. */
class ChallengeStoreUseOnceTest {

    @Test
    void aChallengeIsUsableOnceWithinItsTtlAndAgainAfterIt() {
        MovableClock clock = new MovableClock();
        ChallengeStore store = ChallengeStore.inMemory(Duration.ofMinutes(2), 10, clock);
        assertEquals(ChallengeStore.Use.FIRST, store.useOnce("n1"));
        assertEquals(ChallengeStore.Use.REPLAYED, store.useOnce("n1"));
        clock.offset = Duration.ofMinutes(1);
        assertEquals(ChallengeStore.Use.REPLAYED, store.useOnce("n1"));
        clock.offset = Duration.ofMinutes(3);
        assertEquals(ChallengeStore.Use.FIRST, store.useOnce("n1"));
    }

    @Test
    void whenFullOfUnexpiredChallengesNewOnesAreRefusedNotForgotten() {
        MovableClock clock = new MovableClock();
        ChallengeStore store = ChallengeStore.inMemory(Duration.ofMinutes(2), 2, clock);
        assertEquals(ChallengeStore.Use.FIRST, store.useOnce("a"));
        assertEquals(ChallengeStore.Use.FIRST, store.useOnce("b"));
        assertEquals(ChallengeStore.Use.FULL, store.useOnce("c"));
        // the refused one was not remembered, and the remembered ones still count as used
        assertEquals(ChallengeStore.Use.REPLAYED, store.useOnce("a"));
        clock.offset = Duration.ofMinutes(3);
        assertEquals(ChallengeStore.Use.FIRST, store.useOnce("c"));
    }

    @Test
    void anIssuedChallengeUsedThisWayCannotBeConsumedAgain() {
        ChallengeStore store = ChallengeStore.inMemory(Duration.ofMinutes(2), 10, new MovableClock());
        String c = store.issue().orElseThrow();
        assertEquals(ChallengeStore.Use.FIRST, store.useOnce(c));
        assertEquals(false, store.consume(c));
        assertEquals(ChallengeStore.Use.REPLAYED, store.useOnce(c));
    }
}
