package dev.mandate.guard;

import java.util.ArrayDeque;

/**
 * A quantity (calls, or amounts) of one action on one resource family: its sum over a sliding window, and
 * the largest sum of any earlier fixed window of the same length in which it was used and nothing was held
 * back. Guarded by the owning agent state's monitor.
 */
final class VolumeCounter {
    private final ArrayDeque<double[]> recent = new ArrayDeque<>();
    private double recentSum;
    private long curWindow = Long.MIN_VALUE;
    private double curSum;
    private boolean curTainted;
    double max;
    long windows;
    int level;

    /** Closes the fixed window when {@code ms} opens a later one, and drops sliding entries older than {@code windowMs}. */
    void advance(long ms, long windowMs) {
        long w = Math.floorDiv(ms, windowMs);
        if (curWindow == Long.MIN_VALUE) {
            curWindow = w;
        } else if (w > curWindow) {
            if (curSum > 0 && !curTainted) {
                max = Math.max(max, curSum);
                windows++;
            }
            curWindow = w;
            curSum = 0;
            curTainted = false;
            level = 0; // a volume that stays high adds again in each window

        }
        while (!recent.isEmpty() && recent.peekFirst()[0] <= ms - windowMs) {
            recentSum -= recent.pollFirst()[1];
        }
        if (recent.isEmpty()) recentSum = 0; // no drift from floating-point subtraction
    }

    /** The sliding sum including {@code value} (not yet added). */
    double with(double value) {
        return recentSum + value;
    }

    /** Adds {@code value} at {@code ms}; {@code held} marks the fixed window as not to be learned. */
    void add(long ms, double value, boolean held) {
        recent.addLast(new double[] {ms, value});
        recentSum += value;
        if (recent.size() > Guard.MAX_RECENT) recentSum -= recent.pollFirst()[1];
        curSum += value;
        if (held) curTainted = true;
    }

    /** An operator said the current burst was normal: the current sliding sum counts as a window it made. */
    void absolve() {
        max = Math.max(max, Math.max(recentSum, curSum));
        curTainted = false;
        level = 0;
    }

    /** Writes every field, for a checkpoint ({@link GuardState}). */
    void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(recent.size());
        for (double[] r : recent) {
            out.writeDouble(r[0]);
            out.writeDouble(r[1]);
        }
        out.writeDouble(recentSum);
        out.writeLong(curWindow);
        out.writeDouble(curSum);
        out.writeBoolean(curTainted);
        out.writeDouble(max);
        out.writeLong(windows);
        out.writeInt(level);
    }

    /** Reads what {@link #write} wrote. */
    static VolumeCounter read(java.io.DataInput in) throws java.io.IOException {
        VolumeCounter v = new VolumeCounter();
        int n = GuardState.count(in, Guard.MAX_RECENT);
        for (int i = 0; i < n; i++) v.recent.addLast(new double[] {in.readDouble(), in.readDouble()});
        v.recentSum = in.readDouble();
        v.curWindow = in.readLong();
        v.curSum = in.readDouble();
        v.curTainted = in.readBoolean();
        v.max = in.readDouble();
        v.windows = in.readLong();
        v.level = in.readInt();
        return v;
    }
}
