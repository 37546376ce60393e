package dialtone.hw.dect.rev1.frame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dialtone.hw.dect.link.FrameException;
import dialtone.hw.dect.link.FrameScanner;

/**
 * Revision-1 framing: every frame is exactly {@value #SIZE} bytes,
 * {@code A5 MSG HS ARG LEN TEXT[14] CHK}, where CHK is the XOR of bytes 1 to 18; but for VOICE,
 * {@code A5 MSG HS PCM[160] CHK} ({@value #VOICE_SIZE} bytes, CHK the XOR of bytes 1 to 162). See
 * docs/dect-protocol.md.
 */
public final class Rev1Codec {

    public static final int SIZE = 20;
    public static final int TEXT = 14;
    public static final int SYNC = 0xA5;
    /** Bytes of voice in a VOICE frame: 20 ms of G.711. */
    public static final int VOICE = 160;
    public static final int VOICE_SIZE = 3 + VOICE + 1;

    private Rev1Codec() {
    }

    public static byte[] encode(Rev1Frame frame) {
        byte[] bytes = new byte[SIZE];
        byte[] text = frame.text().getBytes(StandardCharsets.ISO_8859_1);
        bytes[0] = (byte) SYNC;
        bytes[1] = (byte) frame.msg();
        bytes[2] = (byte) frame.handset();
        bytes[3] = (byte) frame.arg();
        bytes[4] = (byte) text.length;
        System.arraycopy(text, 0, bytes, 5, text.length);
        bytes[SIZE - 1] = checksum(bytes, SIZE);
        return bytes;
    }

    /**
     * Writes a VOICE frame for {@code handset} with the {@value #VOICE} bytes at {@code voice[offset]}
     * into {@code into}, allocating nothing; returns its length, {@value #VOICE_SIZE}.
     */
    public static int encodeVoice(int msg, int handset, byte[] voice, int offset, byte[] into) {
        into[0] = (byte) SYNC;
        into[1] = (byte) msg;
        into[2] = (byte) handset;
        System.arraycopy(voice, offset, into, 3, VOICE);
        into[VOICE_SIZE - 1] = checksum(into, VOICE_SIZE);
        return VOICE_SIZE;
    }

    /** Several frames back to back. */
    public static byte[] encode(Rev1Frame... frames) {
        byte[] bytes = new byte[SIZE * frames.length];
        for (int i = 0; i < frames.length; i++) {
            System.arraycopy(encode(frames[i]), 0, bytes, i * SIZE, SIZE);
        }
        return bytes;
    }

    /** XOR of the bytes after the sync byte and before the checksum of a frame of {@code size} bytes. */
    static byte checksum(byte[] bytes, int size) {
        int xor = 0;
        for (int i = 1; i < size - 1; i++) {
            xor ^= bytes[i];
        }
        return (byte) xor;
    }

    /** A scanner for a stream of revision-1 frames. */
    public static FrameScanner<Rev1Frame> scanner() {
        return new FrameScanner<>(VOICE_SIZE) {
            @Override
            protected boolean isStart(byte b) {
                return (b & 0xFF) == SYNC;
            }

            @Override
            protected int frameLength(byte[] bytes, int available) {
                if (available < 2) {
                    return 0;
                }
                return Rev1Messages.isVoice(bytes[1] & 0xFF) ? VOICE_SIZE : SIZE;
            }

            @Override
            protected Rev1Frame decode(byte[] bytes, int length) throws FrameException {
                if (checksum(bytes, length) != bytes[length - 1]) {
                    throw FrameException.falseStart(String.format("bad checksum: %02X, computed %02X",
                            bytes[length - 1] & 0xFF, checksum(bytes, length) & 0xFF));
                }
                int msg = bytes[1] & 0xFF;
                if (Rev1Messages.isVoice(msg)) {
                    return new Rev1Frame(msg, bytes[2] & 0xFF, 0, "", Arrays.copyOfRange(bytes, 3, 3 + VOICE));
                }
                if (!Rev1Messages.known(msg)) {
                    throw FrameException.badFrame(String.format("unknown message %02X", msg));
                }
                int length0 = bytes[4] & 0xFF;
                if (length0 > TEXT) {
                    throw FrameException.badFrame("oversized text: " + length0 + " bytes, at most " + TEXT);
                }
                for (int i = 5 + length0; i < SIZE - 1; i++) {
                    if (bytes[i] != 0) {
                        throw FrameException.badFrame("text padding is not zero");
                    }
                }
                String text = new String(bytes, 5, length0, StandardCharsets.ISO_8859_1);
                return new Rev1Frame(msg, bytes[2] & 0xFF, bytes[3] & 0xFF, text);
            }
        };
    }
}
