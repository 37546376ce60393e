package dialtone.audio.dev.internal;

/**
 * A small adaptive jitter buffer for 20 ms frames, ordered by RTP sequence number. It holds
 * packets that came early or out of order, plays them out one per tick, and reports a frame that
 * is missing at its playout time as lost (the caller plays comfort silence). A packet that comes
 * after its playout time is late and dropped; one that comes twice is dropped as a duplicate.
 * <p>
 * The depth it waits for before playing follows the interarrival jitter (RFC 3550 section 6.4.1)
 * between a minimum and a maximum; when it holds more than it needs for a second it drops a frame to catch up,
 * and after an underrun it waits for its depth again. One thread only; nothing allocates after
 * construction.
 */
public final class JitterBuffer {

    /** Timestamp units per 20 ms frame at 8 kHz. */
    static final int FRAME_UNITS = 160;

    private final int mask;
    private final byte[][] payloads;
    private final int[] lengths;
    private final int[] sequences;
    private final boolean[] filled;
    private final int minDepth;
    private final int maxDepth;

    /** Ticks the buffer must hold too much before it drops a frame: one second. */
    private static final int SHRINK_AFTER = 50;

    private int target;
    private int overTicks;
    private int depth;
    private int next;
    private boolean started;
    private boolean playing;
    private boolean anyPlayed;

    private boolean haveTransit;
    private int lastTransit;
    private double jitter;

    private long received;
    private long lost;
    private long late;
    private long duplicates;
    private long dropped;

    /**
     * @param capacity   slots, a power of two larger than {@code maxDepth}
     * @param maxPayload the largest payload kept
     * @param minDepth   frames held before playing, at the least
     * @param maxDepth   frames held before playing, at the most
     */
    public JitterBuffer(int capacity, int maxPayload, int minDepth, int maxDepth) {
        if (Integer.bitCount(capacity) != 1 || capacity <= maxDepth || minDepth < 1 || maxDepth < minDepth) {
            throw new IllegalArgumentException("capacity " + capacity + ", depth " + minDepth + ".." + maxDepth);
        }
        mask = capacity - 1;
        payloads = new byte[capacity][maxPayload];
        lengths = new int[capacity];
        sequences = new int[capacity];
        filled = new boolean[capacity];
        this.minDepth = minDepth;
        this.maxDepth = maxDepth;
        target = minDepth;
    }

    /** Forgets every frame and the timing; the counters stay. For a new stream (a new SSRC). */
    public void reset() {
        java.util.Arrays.fill(filled, false);
        depth = 0;
        overTicks = 0;
        started = false;
        playing = false;
        anyPlayed = false;
        haveTransit = false;
        jitter = 0;
        target = minDepth;
    }

    /** Forgets the counters too. */
    public void clear() {
        reset();
        received = lost = late = duplicates = dropped = 0;
    }

    /**
     * Takes a received packet's payload.
     *
     * @param arrivalUnits the arrival time in timestamp units (1/8000 s)
     */
    public void put(byte[] source, int offset, int length, int sequence, long timestamp, long arrivalUnits) {
        received++;
        int transit = (int) arrivalUnits - (int) timestamp;
        if (haveTransit) {
            int d = Math.abs(transit - lastTransit);
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
        haveTransit = true;

        sequence &= 0xFFFF;
        if (!started) {
            next = sequence;
            started = true;
        }
        int ahead = (short) (sequence - next);
        if (ahead < 0) {
            if (!anyPlayed && -ahead + highest() < mask) {
                next = sequence;
            } else {
                late++;
                return;
            }
        } else if (ahead > mask) {
            // A jump no reordering explains (the sender restarted): start over from this packet.
            reset();
            started = true;
            next = sequence;
        }
        int slot = sequence & mask;
        if (filled[slot]) {
            if (sequences[slot] == sequence) {
                duplicates++;
                return;
            }
            depth--;
        }
        int kept = Math.min(length, payloads[slot].length);
        System.arraycopy(source, offset, payloads[slot], 0, kept);
        lengths[slot] = kept;
        sequences[slot] = sequence;
        filled[slot] = true;
        depth++;
    }

    /** How far past {@code next} the newest frame held lies. */
    private int highest() {
        int highest = 0;
        for (int i = 0; i <= mask; i++) {
            if (filled[i]) {
                highest = Math.max(highest, (short) (sequences[i] - next));
            }
        }
        return highest;
    }

    /**
     * Plays out the frame due now into {@code frame}.
     *
     * @return its length, or -1 when there is none to play (buffering, underrun or lost): play silence
     */
    public int take(byte[] frame) {
        target = Math.max(minDepth, Math.min(maxDepth, 1 + (int) Math.ceil(3 * jitter / FRAME_UNITS)));
        if (!playing) {
            if (depth == 0 || depth < target) {
                return -1;
            }
            playing = true;
        }
        if (depth == 0) {
            playing = false;
            return -1;
        }
        overTicks = depth > target + 2 ? overTicks + 1 : 0;
        if (overTicks >= SHRINK_AFTER && filled[next & mask] && sequences[next & mask] == next) {
            overTicks = 0;
            // Holding more delay than the jitter needs: skip one frame to catch up.
            filled[next & mask] = false;
            depth--;
            dropped++;
            next = (next + 1) & 0xFFFF;
        }
        int slot = next & mask;
        next = (next + 1) & 0xFFFF;
        if (filled[slot] && sequences[slot] == ((next - 1) & 0xFFFF)) {
            filled[slot] = false;
            depth--;
            anyPlayed = true;
            int length = lengths[slot];
            System.arraycopy(payloads[slot], 0, frame, 0, length);
            return length;
        }
        anyPlayed = true;
        int ahead = oldestAhead();
        if (ahead > 2) {
            // A long gap (a sender that paused, a burst lost): go on from the oldest frame held
            // instead of stepping through the missing ones at one per tick.
            lost += ahead + 1;
            next = (next + ahead) & 0xFFFF;
            return take(frame);
        }
        lost++;
        return -1;
    }

    /** How far past {@code next} the oldest frame held lies; 0 when none is. */
    private int oldestAhead() {
        int oldest = Integer.MAX_VALUE;
        for (int i = 0; i <= mask; i++) {
            if (filled[i]) {
                oldest = Math.min(oldest, (short) (sequences[i] - next));
            }
        }
        return oldest == Integer.MAX_VALUE ? 0 : oldest;
    }

    public int depth() {
        return depth;
    }

    public int target() {
        return target;
    }

    /** Interarrival jitter in milliseconds. */
    public double jitterMillis() {
        return jitter / 8.0;
    }

    public long received() {
        return received;
    }

    public long lost() {
        return lost;
    }

    public long late() {
        return late;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Frames dropped to shrink the delay. */
    public long dropped() {
        return dropped;
    }
}
