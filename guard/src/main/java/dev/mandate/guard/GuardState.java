package dev.mandate.guard;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Every agent's baseline in a guard, as bytes: what a checkpoint stores so that a restarting guard reads only the
 * log after it. Exact: every counter, double (bit for bit) and collection (in iteration order) is written, so a
 * guard read back gives the same verdicts as the one written, for any continuation of the log.
 *
 * <p>The format is private to this version ({@link #FORMAT}); a checkpoint of another format is not read (the
 * guard then rebuilds from the log). Reading is bounded: at most {@link #MAX_BYTES} after decompression, every
 * count checked against the guard's own limits, and any inconsistency is an {@link IOException}.
 */
public final class GuardState {
    /** The format written; a checkpoint with another value is ignored. */
    public static final int FORMAT = 1;
    /** Largest decompressed state read (1 GiB). */
    public static final long MAX_BYTES = 1L << 30;
    private static final int MAGIC = 0x4d475354; // "MGST"
    private static final int MAX_STRING_BYTES = 1 << 20;
    private static final int MAX_AGENTS = 10_000_000;
    private static final int MAX_MAP = 10_000_000;

    private GuardState() {}

    /**
     * The guard's baselines, gzip-compressed. Takes each agent's monitor in turn: call it between observations.
     *
     * @param guard the guard to snapshot
     * @return the state, agents in DID order, so equal baselines give equal bytes
     */
    public static byte[] encode(Guard guard) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes, 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            List<Map.Entry<String, AgentModel>> agents = new ArrayList<>(guard.agents.entrySet());
            agents.sort(Map.Entry.comparingByKey());
            out.writeInt(agents.size());
            for (Map.Entry<String, AgentModel> e : agents) {
                str(out, e.getKey());
                synchronized (e.getValue()) {
                    agent(out, e.getValue());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * A guard with {@code config} holding the baselines {@link #encode} wrote.
     *
     * @param config the configuration the new guard scores with
     * @param data   the bytes {@link #encode} returned
     * @return a new guard
     * @throws IOException when the bytes are not such a state (corrupt, truncated, another format, too large)
     */
    public static Guard decode(GuardConfig config, byte[] data) throws IOException {
        Guard guard = new Guard(config);
        decodeInto(guard, data);
        return guard;
    }

    /**
     * Reads the baselines {@link #encode} wrote into {@code guard}, which must not have seen any agent yet. Nothing
     * is changed unless the whole state reads.
     *
     * @param guard a guard that has not seen any agent
     * @param data  the bytes {@link #encode} returned
     * @throws IOException when the bytes are not such a state (corrupt, truncated, another format, too large)
     * @throws IllegalStateException when the guard already has baselines
     */
    public static void decodeInto(Guard guard, byte[] data) throws IOException {
        if (!guard.agents.isEmpty()) throw new IllegalStateException("the guard already has baselines");
        java.util.LinkedHashMap<String, AgentModel> read = new java.util.LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new Bounded(new GZIPInputStream(new ByteArrayInputStream(data), 1 << 16), MAX_BYTES))) {
            if (in.readInt() != MAGIC) throw new IOException("not a guard state");
            int format = in.readInt();
            if (format != FORMAT) throw new IOException("guard state format " + format + ", this version reads " + FORMAT);
            int n = count(in, MAX_AGENTS);
            for (int i = 0; i < n; i++) {
                String id = str(in);
                AgentModel st = new AgentModel(guard);
                agent(in, st);
                if (read.put(id, st) != null) throw new IOException("agent " + id + " appears twice");
            }
            if (in.read() != -1) throw new IOException("trailing bytes after the guard state");
        } catch (RuntimeException e) {
            throw new IOException("corrupt guard state: " + e, e);
        }
        guard.agents.putAll(read);
    }

    private static void agent(DataOutput out, AgentModel s) throws IOException {
        out.writeLong(s.observations);
        out.writeLong(s.learned);
        out.writeLong(s.suspensions);
        out.writeLong(s.firstMs);
        out.writeLong(s.lastMs);
        out.writeLong(s.longestGapMs);
        out.writeDouble(s.risk);
        out.writeLong(s.riskMs);
        out.writeInt(s.families.size());
        for (Map.Entry<String, AgentModel.Family> e : s.families.entrySet()) {
            AgentModel.Family f = e.getValue();
            str(out, e.getKey());
            out.writeLong(f.count);
            out.writeLong(f.firstMs);
            out.writeLong(f.lastMs);
            str(out, f.action);
            str(out, f.sample);
        }
        strings(out, s.attempted);
        strings(out, s.origins);
        out.writeLong(s.curWindow);
        out.writeInt(s.curCount);
        out.writeInt(s.curLevel);
        out.writeLong(s.curLevelMs);
        longs(out, s.recent);
        out.writeBoolean(s.curTainted);
        out.writeLong(s.rateN);
        out.writeDouble(s.rateMean);
        out.writeDouble(s.rateM2);
        out.writeInt(s.rateMax);
        out.writeLong(s.busyN);
        out.writeDouble(s.busyMean);
        out.writeDouble(s.busyM2);
        str(out, s.sequence.prev1);
        str(out, s.sequence.prev2);
        out.writeLong(s.sequence.prevAllowedMs);
        out.writeInt(s.sequence.contexts.size());
        for (Map.Entry<String, SequenceModel.Context> e : s.sequence.contexts.entrySet()) {
            SequenceModel.Context c = e.getValue();
            str(out, e.getKey());
            out.writeLong(c.total);
            out.writeLong(c.singletons);
            counts(out, c.next);
        }
        counts(out, s.sequence.tokenTotals);
        out.writeLong(s.singletonFamilies);
        out.writeInt(s.sequence.pending.size());
        for (SequenceModel.Pending p : s.sequence.pending) {
            out.writeLong(p.dueMs());
            str(out, p.ctxKey());
            str(out, p.token());
        }
        out.writeInt(s.sequence.transitions);
        out.writeDouble(s.sequence.predictability);
        out.writeLong(s.sequence.commitsSinceEval);
        out.writeLong(s.sequence.commits);
        longs(out, s.denials);
        scopes(out, s.lastScope);
        s.season.write(out);
        longs(out, s.unusual);
        out.writeDouble(s.todContribution);
        out.writeLong(s.todMs);
        out.writeLong(s.boostUntilMs);
        volumes(out, s.volumes);
        volumes(out, s.amounts);
        out.writeInt(s.held.size());
        for (Observation o : s.held) {
            out.writeLong(o.seq());
            out.writeLong(o.at().getEpochSecond());
            out.writeInt(o.at().getNano());
            str(out, o.agent());
            str(out, o.action());
            str(out, o.resource());
            out.writeBoolean(o.allowed());
            out.writeInt(o.denyCodes().size());
            for (String code : o.denyCodes()) str(out, code);
            scopes(out, o.scope());
            out.writeDouble(o.amount());
            str(out, o.currency());
        }
    }

    private static void agent(DataInput in, AgentModel s) throws IOException {
        s.observations = in.readLong();
        s.learned = in.readLong();
        s.suspensions = in.readLong();
        s.firstMs = in.readLong();
        s.lastMs = in.readLong();
        s.longestGapMs = in.readLong();
        s.risk = in.readDouble();
        s.riskMs = in.readLong();
        int n = count(in, Guard.MAX_FAMILIES);
        for (int i = 0; i < n; i++) {
            String token = str(in);
            long cnt = in.readLong();
            long first = in.readLong();
            long last = in.readLong();
            AgentModel.Family f = new AgentModel.Family(first, str(in), str(in));
            f.count = cnt;
            f.lastMs = last;
            s.families.put(token, f);
        }
        strings(in, s.attempted, Guard.MAX_FAMILIES);
        strings(in, s.origins, MAX_MAP);
        s.curWindow = in.readLong();
        s.curCount = in.readInt();
        s.curLevel = in.readInt();
        s.curLevelMs = in.readLong();
        longs(in, s.recent);
        s.curTainted = in.readBoolean();
        s.rateN = in.readLong();
        s.rateMean = in.readDouble();
        s.rateM2 = in.readDouble();
        s.rateMax = in.readInt();
        s.busyN = in.readLong();
        s.busyMean = in.readDouble();
        s.busyM2 = in.readDouble();
        s.sequence.prev1 = str(in);
        s.sequence.prev2 = str(in);
        s.sequence.prevAllowedMs = in.readLong();
        n = count(in, Guard.MAX_TRANSITIONS + 1);
        for (int i = 0; i < n; i++) {
            String key = str(in);
            SequenceModel.Context c = new SequenceModel.Context();
            c.total = in.readLong();
            c.singletons = in.readLong();
            counts(in, c.next);
            s.sequence.contexts.put(key, c);
        }
        counts(in, s.sequence.tokenTotals);
        s.singletonFamilies = in.readLong();
        n = count(in, Guard.MAX_RECENT);
        for (int i = 0; i < n; i++) s.sequence.pending.addLast(new SequenceModel.Pending(in.readLong(), str(in), str(in)));
        s.sequence.transitions = in.readInt();
        s.sequence.predictability = in.readDouble();
        s.sequence.commitsSinceEval = in.readLong();
        s.sequence.commits = in.readLong();
        longs(in, s.denials);
        s.lastScope = scopes(in);
        s.season.read(in);
        longs(in, s.unusual);
        s.todContribution = in.readDouble();
        s.todMs = in.readLong();
        s.boostUntilMs = in.readLong();
        volumes(in, s.volumes);
        volumes(in, s.amounts);
        n = count(in, Guard.MAX_HELD);
        for (int i = 0; i < n; i++) {
            long seq = in.readLong();
            Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
            String agent = str(in);
            String action = str(in);
            String resource = str(in);
            boolean allowed = in.readBoolean();
            int k = count(in, MAX_MAP);
            List<String> codes = new ArrayList<>(Math.min(k, 16));
            for (int j = 0; j < k; j++) codes.add(str(in));
            List<Scope> scope = scopes(in);
            double amount = in.readDouble();
            String currency = str(in);
            s.held.addLast(new Observation(seq, at, agent, action, resource, allowed, codes, scope, amount, currency));
        }
    }

    static int count(DataInput in, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) throw new IOException("a count of " + n + " is out of range (0 to " + max + ")");
        return n;
    }

    private static void str(DataOutput out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String str(DataInput in) throws IOException {
        byte[] b = new byte[count(in, MAX_STRING_BYTES)];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void strings(DataOutput out, java.util.Collection<String> set) throws IOException {
        out.writeInt(set.size());
        for (String s : set) str(out, s);
    }

    private static void strings(DataInput in, java.util.Set<String> into, int max) throws IOException {
        int n = count(in, max);
        for (int i = 0; i < n; i++) into.add(str(in));
    }

    private static void longs(DataOutput out, java.util.Collection<Long> values) throws IOException {
        out.writeInt(values.size());
        for (long v : values) out.writeLong(v);
    }

    private static void longs(DataInput in, java.util.ArrayDeque<Long> into) throws IOException {
        int n = count(in, Guard.MAX_RECENT);
        for (int i = 0; i < n; i++) into.addLast(in.readLong());
    }

    private static void counts(DataOutput out, Map<String, long[]> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, long[]> e : map.entrySet()) {
            str(out, e.getKey());
            out.writeLong(e.getValue()[0]);
        }
    }

    private static void counts(DataInput in, Map<String, long[]> into) throws IOException {
        int n = count(in, MAX_MAP);
        for (int i = 0; i < n; i++) into.put(str(in), new long[] {in.readLong()});
    }

    private static void scopes(DataOutput out, List<Scope> scopes) throws IOException {
        out.writeInt(scopes.size());
        for (Scope s : scopes) {
            str(out, s.action());
            str(out, s.resource());
        }
    }

    private static List<Scope> scopes(DataInput in) throws IOException {
        int n = count(in, MAX_MAP);
        List<Scope> out = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) out.add(new Scope(str(in), str(in)));
        return List.copyOf(out);
    }

    private static void volumes(DataOutput out, Map<String, VolumeCounter> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, VolumeCounter> e : map.entrySet()) {
            str(out, e.getKey());
            e.getValue().write(out);
        }
    }

    private static void volumes(DataInput in, Map<String, VolumeCounter> into) throws IOException {
        int n = count(in, MAX_MAP);
        for (int i = 0; i < n; i++) into.put(str(in), VolumeCounter.read(in));
    }

    /** Stops reading after {@code max} bytes: a small compressed checkpoint cannot expand without bound. */
    private static final class Bounded extends java.io.FilterInputStream {
        private long left;

        Bounded(InputStream in, long max) {
            super(in);
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) return tooLarge();
            int b = super.read();
            if (b >= 0) left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (left <= 0) return tooLarge();
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) left -= n;
            return n;
        }

        private int tooLarge() throws IOException {
            if (super.read() == -1) return -1;
            throw new EOFException("guard state larger than " + MAX_BYTES + " bytes");
        }
    }
}
