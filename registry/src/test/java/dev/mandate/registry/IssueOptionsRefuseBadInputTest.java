package dev.mandate.registry;

import dev.mandate.vc.status.StatusPurpose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link IssueOptions} refuses "absent" spelled as a value (a null or blank task, a zero, negative or null validity,
 * a null purpose) with a one-line message naming the part, and its withers leave the value they are called on as it
 * was.
 */
class IssueOptionsRefuseBadInputTest {

    static void assertNamed(String what, Executable call) {
        assertEquals(what, assertThrows(NullPointerException.class, call).getMessage());
    }

    static void assertRefused(String part, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(part + " must "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void absentIsNotSpelledAsAValue() {
        IssueOptions o = IssueOptions.purposes(StatusPurpose.REVOCATION);
        assertRefused("taskId", () -> o.withTask(""));
        assertRefused("taskId", () -> o.withTask("  "));
        assertNamed("taskId", () -> o.withTask(null));
        assertRefused("validFor", () -> o.withValidFor(Duration.ZERO));
        assertRefused("validFor", () -> o.withValidFor(Duration.ofSeconds(-1)));
        assertNamed("validFor", () -> o.withValidFor(null));
        assertNamed("purpose", () -> IssueOptions.purposes(null, StatusPurpose.REVOCATION));
        assertNamed("purpose", () -> IssueOptions.purposes(StatusPurpose.REVOCATION, (StatusPurpose) null));
        assertNamed("purposes", () -> IssueOptions.purposes((Set<StatusPurpose>) null));
        assertNamed("purpose", () -> IssueOptions.purposes(new HashSet<>(Arrays.asList(StatusPurpose.REVOCATION, null))));
    }

    @Test
    void withersGiveNewValuesAndPartsNotSetAreAbsent() {
        IssueOptions start = IssueOptions.purposes(StatusPurpose.SUSPENSION, StatusPurpose.REVOCATION, StatusPurpose.REVOCATION);
        IssueOptions full = start.withTask("task-1").withValidFor(Duration.ofHours(8)).withoutAgentRecord();
        assertEquals(EnumSet.of(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION), start.purposes());
        assertEquals(Optional.empty(), start.taskId());
        assertEquals(Optional.empty(), start.validFor());
        assertTrue(start.recordForAgent());
        assertEquals(Optional.of("task-1"), full.taskId());
        assertEquals(Optional.of(Duration.ofHours(8)), full.validFor());
        assertFalse(full.recordForAgent());
        assertEquals(start.purposes(), full.purposes());
        assertEquals(IssueOptions.purposes(Set.of()), IssueOptions.noStatus());
        assertTrue(IssueOptions.noStatus().purposes().isEmpty());
        assertEquals(full, IssueOptions.purposes(EnumSet.of(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION))
                .withoutAgentRecord().withValidFor(Duration.ofHours(8)).withTask("task-1"));
        assertThrows(UnsupportedOperationException.class, () -> full.purposes().add(StatusPurpose.MESSAGE));
    }

    @Test
    void thePositionalSpellingReadsTheEmptyTaskAsNone() {
        assertEquals(IssueOptions.purposes(StatusPurpose.REVOCATION),
                IssueOptions.positional(Set.of(StatusPurpose.REVOCATION), "", Optional.empty(), true));
        assertEquals(IssueOptions.purposes(StatusPurpose.REVOCATION).withTask("t").withValidFor(Duration.ofMinutes(1)).withoutAgentRecord(),
                IssueOptions.positional(Set.of(StatusPurpose.REVOCATION), "t", Optional.of(Duration.ofMinutes(1)), false));
    }
}
