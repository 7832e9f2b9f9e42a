package dev.mandate.agent;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A daily window in UTC, written {@code HH:MM-HH:MM}: the start minute is inside, the end minute is not.
 * A start later than the end wraps midnight ({@code 22:00-06:00}); equal start and end mean the whole day.
 */
public final class TimeWindow {
    private static final Pattern SYNTAX = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])");
    private final int start;
    private final int end;
    private final BitSet minutes = new BitSet(1440);

    private TimeWindow(int start, int end) {
        this.start = start;
        this.end = end;
        if (start == end) {
            minutes.set(0, 1440);
        } else if (start < end) {
            minutes.set(start, end);
        } else {
            minutes.set(start, 1440);
            minutes.set(0, end);
        }
    }

    /**
     * Parses a window.
     *
     * @param text {@code HH:MM-HH:MM}, 24-hour UTC times, e.g. {@code 08:00-18:00} or {@code 22:00-06:00}
     * @return the window
     * @throws CapabilityException if the text is not in that form
     */
    public static TimeWindow parse(String text) throws CapabilityException {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) throw new CapabilityException("timeOfDay must be \"HH:MM-HH:MM\" (UTC), not \"" + shorten(text) + "\"");
        return new TimeWindow(Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)) * 60 + Integer.parseInt(m.group(4)));
    }

    /**
     * Whether an instant falls in the window.
     *
     * @param t the instant, read in UTC to the minute
     * @return true if its minute of the day is inside the window
     */
    public boolean contains(Instant t) {
        LocalTime lt = LocalTime.ofInstant(t, ZoneOffset.UTC);
        return minutes.get(lt.getHour() * 60 + lt.getMinute());
    }

    /**
     * Whether another window lies inside this one (delegation attenuation).
     *
     * @param other the narrower window
     * @return true if every minute of {@code other} is in this window
     */
    public boolean covers(TimeWindow other) {
        BitSet outside = (BitSet) other.minutes.clone();
        outside.andNot(minutes);
        return outside.isEmpty();
    }

    static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    @Override public boolean equals(Object o) {
        return o instanceof TimeWindow w && w.minutes.equals(minutes);
    }

    @Override public int hashCode() { return minutes.hashCode(); }

    /** The {@code HH:MM-HH:MM} form. */
    @Override public String toString() {
        return String.format("%02d:%02d-%02d:%02d", start / 60, start % 60, end / 60, end % 60);
    }
}
