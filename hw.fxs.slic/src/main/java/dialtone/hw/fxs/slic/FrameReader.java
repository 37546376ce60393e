package dialtone.hw.fxs.slic;

/**
 * Cuts the bytes of a link into SLIC frames, however the transfers split them. Bytes before a
 * sync byte, and frames claiming more than {@link Slic#MAX_PAYLOAD}, are skipped. One thread.
 */
public final class FrameReader {

    /** Receives each whole frame; the payload array is reused after the call returns. */
    @FunctionalInterface
    public interface Handler {
        void frame(int type, int port, byte[] payload, int length);
    }

    private final byte[] header = new byte[Slic.HEADER];
    private final byte[] payload = new byte[Slic.MAX_PAYLOAD];
    private int have;
    private int length;
    private long skipped;

    /** Feeds received bytes; calls the handler for every frame they complete. */
    public void feed(byte[] bytes, int offset, int count, Handler handler) {
        for (int i = offset; i < offset + count; i++) {
            int b = bytes[i] & 0xFF;
            if (have == 0) {
                if (b != Slic.SYNC) {
                    skipped++;
                    continue;
                }
                header[have++] = (byte) b;
            } else if (have < Slic.HEADER) {
                header[have++] = (byte) b;
                if (have == Slic.HEADER) {
                    length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
                    if (length > Slic.MAX_PAYLOAD) {
                        skipped += have;
                        have = 0;
                    } else if (length == 0) {
                        deliver(handler);
                    }
                }
            } else {
                payload[have++ - Slic.HEADER] = (byte) b;
                if (have == Slic.HEADER + length) {
                    deliver(handler);
                }
            }
        }
    }

    private void deliver(Handler handler) {
        have = 0;
        handler.frame(header[1] & 0xFF, header[2] & 0xFF, payload, length);
    }

    /** Bytes skipped while looking for a frame. */
    public long skipped() {
        return skipped;
    }
}
