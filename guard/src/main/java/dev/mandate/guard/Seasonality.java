package dev.mandate.guard;

/**
 * When one agent acts: on how many distinct days it acted in each hour of the day (UTC), separately for
 * weekdays and weekends, how many days and hours it was active, and its calls per rate window by hour of
 * day. Fed only with learned calls; guarded by the owning agent state's monitor.
 */
final class Seasonality {
    private static final long DAY_MS = 86_400_000L;
    private static final long HOUR_MS = 3_600_000L;

    /** [kind * 24 + hour]: distinct days with a learned call in that hour; kind 0 = weekday, 1 = weekend. */
    private final int[] hourDays = new int[48];
    private final long[] lastDayOf = new long[48];
    long activeDays;
    private long lastDay = Long.MIN_VALUE;
    long firstDay = Long.MIN_VALUE;
    long activeHours;
    private long lastHour = Long.MIN_VALUE;
    long learnedCalls;
    // rate windows by hour of day
    private final long[] rateN = new long[24];
    private final double[] rateMean = new double[24];
    private final double[] rateM2 = new double[24];

    Seasonality() {
        java.util.Arrays.fill(lastDayOf, Long.MIN_VALUE);
    }

    static long day(long ms) {
        return Math.floorDiv(ms, DAY_MS);
    }

    static int hour(long ms) {
        return (int) (Math.floorMod(ms, DAY_MS) / HOUR_MS);
    }

    /** 1 on Saturdays and Sundays (UTC), else 0. Day 0 (1970-01-01) was a Thursday. */
    static int kind(long day) {
        int monday0 = (int) Math.floorMod(day + 3, 7);
        return monday0 >= 5 ? 1 : 0;
    }

    /** Records a learned call. */
    void learn(long ms) {
        long d = day(ms);
        if (firstDay == Long.MIN_VALUE) firstDay = d;
        if (d != lastDay) {
            activeDays++;
            lastDay = d;
        }
        long h = Math.floorDiv(ms, HOUR_MS);
        if (h != lastHour) {
            activeHours++;
            lastHour = h;
        }
        int slot = kind(d) * 24 + hour(ms);
        if (lastDayOf[slot] != d) {
            lastDayOf[slot] = d;
            hourDays[slot]++;
        }
        learnedCalls++;
    }

    /** An operator vouched for activity at {@code ms}'s hour: count that slot as seen on at least {@code days} days. */
    void vouch(long ms, int days) {
        int slot = kind(day(ms)) * 24 + hour(ms);
        hourDays[slot] = Math.max(hourDays[slot], days);
    }

    /** Acted on at least minDays days and on at least minDayShare of the days since its first call, as of {@code ms}. */
    boolean regular(long ms, GuardConfig.TimeOfDay t) {
        if (firstDay == Long.MIN_VALUE || activeDays < t.minDays()) return false;
        long span = day(ms) - firstDay + 1;
        return activeDays >= t.minDayShare() * span;
    }

    /**
     * Days the agent acted within {@code neighbourHours} of {@code ms}'s hour on the same kind of day, plus
     * {@code otherDayWeight} times that on the other kind.
     */
    double familiarity(long ms, GuardConfig.TimeOfDay t) {
        int k = kind(day(ms));
        int h = hour(ms);
        double same = 0;
        double other = 0;
        for (int dh = -t.neighbourHours(); dh <= t.neighbourHours(); dh++) {
            int hh = Math.floorMod(h + dh, 24);
            same += hourDays[k * 24 + hh];
            other += hourDays[(1 - k) * 24 + hh];
        }
        return same + t.otherDayWeight() * other;
    }

    /** Days with a learned call per hour of the day: 24 weekday entries, then 24 weekend entries. */
    java.util.List<Integer> hourDays() {
        java.util.List<Integer> out = new java.util.ArrayList<>(48);
        for (int d : hourDays) out.add(d);
        return out;
    }

    /** Learned calls per hour in which it acted. */
    double callsPerActiveHour() {
        return activeHours == 0 ? 0 : learnedCalls / (double) activeHours;
    }

    /** Adds one closed rate window (index {@code w} of {@code windowMs}) with {@code value} calls to its hour's statistics. */
    void addRateWindow(long w, long windowMs, int value) {
        int h = hour(w * windowMs);
        long n = rateN[h] + 1;
        double delta = value - rateMean[h];
        rateMean[h] += delta / n;
        rateM2[h] += delta * (value - rateMean[h]);
        rateN[h] = n;
    }

    long rateWindows(long ms) {
        return rateN[hour(ms)];
    }

    double rateMean(long ms) {
        return rateMean[hour(ms)];
    }

    double rateStddev(long ms) {
        int h = hour(ms);
        return rateN[h] > 1 ? Math.sqrt(rateM2[h] / (rateN[h] - 1)) : 0;
    }

    /** Writes every field, for a checkpoint ({@link GuardState}). */
    void write(java.io.DataOutput out) throws java.io.IOException {
        for (int v : hourDays) out.writeInt(v);
        for (long v : lastDayOf) out.writeLong(v);
        out.writeLong(activeDays);
        out.writeLong(lastDay);
        out.writeLong(firstDay);
        out.writeLong(activeHours);
        out.writeLong(lastHour);
        out.writeLong(learnedCalls);
        for (int h = 0; h < 24; h++) {
            out.writeLong(rateN[h]);
            out.writeDouble(rateMean[h]);
            out.writeDouble(rateM2[h]);
        }
    }

    /** Reads what {@link #write} wrote. */
    void read(java.io.DataInput in) throws java.io.IOException {
        for (int i = 0; i < hourDays.length; i++) hourDays[i] = in.readInt();
        for (int i = 0; i < lastDayOf.length; i++) lastDayOf[i] = in.readLong();
        activeDays = in.readLong();
        lastDay = in.readLong();
        firstDay = in.readLong();
        activeHours = in.readLong();
        lastHour = in.readLong();
        learnedCalls = in.readLong();
        for (int h = 0; h < 24; h++) {
            rateN[h] = in.readLong();
            rateMean[h] = in.readDouble();
            rateM2[h] = in.readDouble();
        }
    }
}
