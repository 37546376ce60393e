package dialtone.hw.dect.link;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Finds frames in a byte stream for one revision's framing, and resynchronises after anything
 * that is not one: noise, a false frame start, a bad checksum, a frame cut short. Each bad stretch
 * is reported once, and the next good frame is decoded as if nothing happened. Not thread-safe: one
 * scanner per link, used by its reader thread.
 *
 * @param <F> the revision's frame type
 */
public abstract class FrameScanner<F> {

    private final int capacity;
    private byte[] buffer = new byte[256];
    private int count;
    private boolean inBadStretch;

    /** @param capacity the most bytes a frame can take; longer stretches without a frame are dropped */
    protected FrameScanner(int capacity) {
        this.capacity = capacity;
    }

    /** True when {@code b} may begin a frame. */
    protected abstract boolean isStart(byte b);

    /**
     * The length of the frame that begins at {@code bytes[0]}, or 0 while too few bytes have come
     * to tell.
     *
     * @throws FrameException when the header rules out a frame (an impossible length)
     */
    protected abstract int frameLength(byte[] bytes, int available) throws FrameException;

    /** Checks and decodes one whole frame of {@code length} bytes at {@code bytes[0]}. */
    protected abstract F decode(byte[] bytes, int length) throws FrameException;

    /** Consumes bytes; complete good frames go to {@code frames}, bad stretches to {@code errors}. */
    public final void feed(byte[] bytes, int offset, int length, Consumer<? super F> frames,
            Consumer<String> errors) {
        int position = offset;
        int end = offset + length;
        while (position < end) {
            int room = Math.min(end - position, Math.max(capacity * 2 - count, 0));
            if (room == 0) {
                error(errors, "no frame in " + count + " bytes; dropped");
                count = 0;
                continue;
            }
            append(bytes, position, room);
            position += room;
            scan(frames, errors, false);
        }
    }

    /**
     * The link has been quiet: a frame begun and not finished will never be. Reports it as
     * truncated and looks for frames in what followed its start.
     */
    public final void idle(Consumer<? super F> frames, Consumer<String> errors) {
        scan(frames, errors, true);
    }

    /** Bytes held back, waiting for the rest of a frame. */
    public final int pending() {
        return count;
    }

    private void scan(Consumer<? super F> frames, Consumer<String> errors, boolean flush) {
        while (count > 0) {
            int start = 0;
            while (start < count && !isStart(buffer[start])) {
                start++;
            }
            if (start > 0) {
                error(errors, "skipped " + start + " bytes that start no frame");
                shift(start);
                continue;
            }
            int length;
            try {
                length = frameLength(buffer, count);
            } catch (FrameException e) {
                error(errors, e.getMessage());
                shift(1);
                continue;
            }
            if (length == 0 || length > count) {
                if (!flush) {
                    return;
                }
                error(errors, "truncated frame: " + count + " bytes" + (length > 0 ? " of " + length : ""));
                shift(1);
                continue;
            }
            F frame;
            try {
                frame = decode(buffer, length);
            } catch (FrameException e) {
                error(errors, e.getMessage());
                shift(e.isFalseStart() ? 1 : length);
                continue;
            } catch (RuntimeException e) {
                error(errors, "undecodable frame: " + e);
                shift(1);
                continue;
            }
            shift(length);
            inBadStretch = false;
            frames.accept(frame);
        }
    }

    private void error(Consumer<String> errors, String message) {
        if (!inBadStretch) {
            inBadStretch = true;
            errors.accept(message);
        }
    }

    private void append(byte[] bytes, int offset, int length) {
        if (count + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, count + length));
        }
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
    }

    private void shift(int by) {
        System.arraycopy(buffer, by, buffer, 0, count - by);
        count -= by;
    }
}
