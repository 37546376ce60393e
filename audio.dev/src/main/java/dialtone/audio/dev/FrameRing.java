package dialtone.audio.dev;

/**
 * A single-producer single-consumer ring of fixed-size voice frames, copied in and out of
 * preallocated slots: how one driver thread and the voice thread hand frames over without locks
 * or allocation. When full, a new frame replaces nothing: it is dropped and counted. Drivers use it
 * for their {@link DeviceChannel}s: the voice thread is one end, a driver thread the other.
 */
public final class FrameRing {

    private final byte[][] slots;
    private final int mask;
    private volatile long head;
    private volatile long tail;
    private volatile long dropped;

    public FrameRing(int capacity, int frameSize) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        slots = new byte[capacity][frameSize];
        mask = capacity - 1;
    }

    /** Producer: copies {@code length} bytes in; false (and counted) when the ring is full. */
    public boolean offer(byte[] frame, int offset, int length) {
        long t = tail;
        if (t - head > mask) {
            dropped++;
            return false;
        }
        byte[] slot = slots[(int) (t & mask)];
        int n = Math.min(length, slot.length);
        System.arraycopy(frame, offset, slot, 0, n);
        if (n < slot.length) {
            java.util.Arrays.fill(slot, n, slot.length, frame.length > 0 ? frame[offset] : 0);
        }
        tail = t + 1;
        return true;
    }

    /** Consumer: copies the oldest frame out; false when empty. */
    public boolean poll(byte[] frame) {
        long h = head;
        if (h == tail) {
            return false;
        }
        byte[] slot = slots[(int) (h & mask)];
        System.arraycopy(slot, 0, frame, 0, Math.min(frame.length, slot.length));
        head = h + 1;
        return true;
    }

    /** Consumer: forgets everything waiting. */
    public void clear() {
        head = tail;
    }

    public int size() {
        return (int) (tail - head);
    }

    public long dropped() {
        return dropped;
    }
}
