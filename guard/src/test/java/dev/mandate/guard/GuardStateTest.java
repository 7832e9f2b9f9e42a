package dev.mandate.guard;

import dev.mandate.guard.sim.Models;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A guard written with {@link GuardState} and read back decides exactly as the original on everything after
 * it; bad bytes are refused, never half-read.
 */
class GuardStateTest {
    /** Jobs-model traffic: time zones, amounts, silences, injected misbehaviours, suspensions and held-back calls. */
    static final List<Observation> TRAFFIC = Models.generate("jobs", 7, 24, 14, GuardConfig.defaults()).observations();

    @Test
    void aGuardReadBackDecidesLikeTheOriginalOnTheRestOfTheLog() throws IOException {
        int n = TRAFFIC.size();
        Guard reference = new Guard(GuardConfig.defaults());
        Verdict[] expected = new Verdict[n];
        int firstSuspension = -1;
        for (int i = 0; i < n; i++) {
            expected[i] = reference.observe(TRAFFIC.get(i));
            if (expected[i].suspend() && firstSuspension < 0) firstSuspension = i;
        }
        assertTrue(firstSuspension > 0, "the traffic must suspend someone, so that held-back state is written too");
        long signals = Arrays.stream(expected).filter(v -> !v.signals().isEmpty()).count();
        assertTrue(signals > 100, "signals to compare: " + signals);
        // one guard observes the log from the start and is written at each cut (in order) as it goes, instead of a
        // fresh guard replaying the prefix for every cut: the same states, about a third less work
        int[] cuts = IntStream.of(n / 3, firstSuspension + 1, 2 * n / 3, n - 1).sorted().toArray();
        Guard before = new Guard(GuardConfig.defaults());
        int observed = 0;
        for (int cut : cuts) {
            while (observed < cut) before.observe(TRAFFIC.get(observed++));
            byte[] state = GuardState.encode(before);
            Guard after = GuardState.decode(GuardConfig.defaults(), state);
            assertArrayEquals(state, GuardState.encode(after), "written again, the state is the same bytes (cut " + cut + ")");
            for (int i = cut; i < n; i++) {
                assertEquals(expected[i], after.observe(TRAFFIC.get(i)), "verdict " + i + " after a checkpoint at " + cut);
            }
        }
    }

    @Test
    void corruptTruncatedOrForeignBytesAreRefused() throws IOException {
        Guard g = new Guard(GuardConfig.defaults());
        for (int i = 0; i < 5_000; i++) g.observe(TRAFFIC.get(i));
        byte[] state = GuardState.encode(g);
        // truncated
        assertThrows(IOException.class, () -> GuardState.decode(GuardConfig.defaults(), Arrays.copyOf(state, state.length / 2)));
        // a flipped byte inside the compressed stream (gzip's CRC, or the structure, catches it)
        byte[] flipped = state.clone();
        flipped[flipped.length / 2] ^= 0x40;
        assertThrows(IOException.class, () -> GuardState.decode(GuardConfig.defaults(), flipped));
        // not gzip at all
        assertThrows(IOException.class, () -> GuardState.decode(GuardConfig.defaults(), "{\"agents\":[]}".getBytes()));
        // gzip of something else, and a huge count that must not be allocated
        assertThrows(IOException.class, () -> GuardState.decode(GuardConfig.defaults(), gzip(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})));
        IOException e = assertThrows(IOException.class, () -> GuardState.decode(GuardConfig.defaults(),
                gzip(new byte[] {0x4d, 0x47, 0x53, 0x54, 0, 0, 0, 1, 0x7f, -1, -1, -1})));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
        // another format
        e = assertThrows(IOException.class, () -> GuardState.decode(GuardConfig.defaults(), gzip(new byte[] {0x4d, 0x47, 0x53, 0x54, 0, 0, 0, 9, 0, 0, 0, 0})));
        assertTrue(e.getMessage().contains("format 9"), e.getMessage());
        // trailing bytes after a valid state
        byte[] empty = GuardState.encode(new Guard(GuardConfig.defaults()));
        assertEquals(0, GuardState.decode(GuardConfig.defaults(), empty).agents.size());
        e = assertThrows(IOException.class, () -> GuardState.decode(GuardConfig.defaults(), gzip(new byte[] {0x4d, 0x47, 0x53, 0x54, 0, 0, 0, 1, 0, 0, 0, 0, 7})));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(raw);
        }
        return out.toByteArray();
    }
}
