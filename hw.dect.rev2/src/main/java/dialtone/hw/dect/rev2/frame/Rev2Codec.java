package dialtone.hw.dect.rev2.frame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import dialtone.hw.dect.link.FrameException;
import dialtone.hw.dect.link.FrameScanner;

/**
 * Revision-2 framing: {@code D5 LEN_HI LEN_LO BODY CRC32[4]}, where BODY is
 * {@code MSG HS (TAG LEN VALUE)*}, LEN counts the body (2 to {@value #MAX_BODY} bytes) and the
 * CRC-32 (as java.util.zip computes it) covers LEN and BODY, big-endian. See docs/dect-protocol.md.
 */
public final class Rev2Codec {

    public static final int SOF = 0xD5;
    public static final int MAX_BODY = 512;
    static final int OVERHEAD = 1 + 2 + 4;
    /** The length of a VOICE frame with 20 ms (160 bytes) of voice. */
    public static final int VOICE_SIZE = OVERHEAD + 2 + 2 + 160;

    private Rev2Codec() {
    }

    public static byte[] encode(Rev2Frame frame) {
        int body = 2;
        for (Rev2Frame.Field field : frame.fields()) {
            body += 2 + field.value().length;
        }
        if (body > MAX_BODY) {
            throw new IllegalArgumentException("a body of " + body + " bytes exceeds " + MAX_BODY);
        }
        byte[] bytes = new byte[OVERHEAD + body];
        bytes[0] = (byte) SOF;
        bytes[1] = (byte) (body >> 8);
        bytes[2] = (byte) body;
        bytes[3] = (byte) frame.msg();
        bytes[4] = (byte) frame.handset();
        int at = 5;
        for (Rev2Frame.Field field : frame.fields()) {
            byte[] value = field.value();
            bytes[at++] = (byte) field.tag();
            bytes[at++] = (byte) value.length;
            System.arraycopy(value, 0, bytes, at, value.length);
            at += value.length;
        }
        long crc = crc(bytes, 3 + body);
        bytes[at++] = (byte) (crc >> 24);
        bytes[at++] = (byte) (crc >> 16);
        bytes[at++] = (byte) (crc >> 8);
        bytes[at] = (byte) crc;
        return bytes;
    }

    public static byte[] encode(Rev2Frame... frames) {
        List<byte[]> parts = new ArrayList<>();
        int total = 0;
        for (Rev2Frame frame : frames) {
            byte[] part = encode(frame);
            parts.add(part);
            total += part.length;
        }
        byte[] bytes = new byte[total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, bytes, at, part.length);
            at += part.length;
        }
        return bytes;
    }

    /**
     * Writes a frame of message {@code msg} for {@code handset} whose one field is {@code T_PCM}
     * with {@code length} bytes of voice, into {@code into}; returns the frame's length. Allocates
     * nothing but the checksum's state, for the writer thread's 50 frames a second per call.
     */
    public static int encodeVoice(int msg, int handset, byte[] voice, int offset, int length, byte[] into) {
        int body = 2 + 2 + length;
        into[0] = (byte) SOF;
        into[1] = (byte) (body >> 8);
        into[2] = (byte) body;
        into[3] = (byte) msg;
        into[4] = (byte) handset;
        into[5] = (byte) Rev2Messages.T_PCM;
        into[6] = (byte) length;
        System.arraycopy(voice, offset, into, 7, length);
        int end = 3 + body;
        long crc = crc(into, end);
        into[end] = (byte) (crc >> 24);
        into[end + 1] = (byte) (crc >> 16);
        into[end + 2] = (byte) (crc >> 8);
        into[end + 3] = (byte) crc;
        return end + 4;
    }

    /** CRC-32 of bytes 1 to end-1 (LEN and BODY). */
    private static long crc(byte[] bytes, int end) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 1, end - 1);
        return crc.getValue();
    }

    public static FrameScanner<Rev2Frame> scanner() {
        return new FrameScanner<>(OVERHEAD + MAX_BODY) {
            @Override
            protected boolean isStart(byte b) {
                return (b & 0xFF) == SOF;
            }

            @Override
            protected int frameLength(byte[] bytes, int available) throws FrameException {
                if (available < 3) {
                    return 0;
                }
                int body = (bytes[1] & 0xFF) << 8 | bytes[2] & 0xFF;
                if (body > MAX_BODY) {
                    throw FrameException.falseStart("oversized frame: body of " + body + " bytes, at most " + MAX_BODY);
                }
                if (body < 2) {
                    throw FrameException.falseStart("runt frame: body of " + body + " bytes");
                }
                return OVERHEAD + body;
            }

            @Override
            protected Rev2Frame decode(byte[] bytes, int length) throws FrameException {
                int end = length - 4;
                long sent = (bytes[end] & 0xFFL) << 24 | (bytes[end + 1] & 0xFFL) << 16 | (bytes[end + 2] & 0xFFL) << 8
                        | bytes[end + 3] & 0xFFL;
                long computed = crc(bytes, end);
                if (sent != computed) {
                    throw FrameException.falseStart(String.format("bad CRC: %08X, computed %08X", sent, computed));
                }
                int msg = bytes[3] & 0xFF;
                if (!Rev2Messages.known(msg)) {
                    throw FrameException.badFrame(String.format("unknown message %02X", msg));
                }
                List<Rev2Frame.Field> fields = new ArrayList<>();
                int at = 5;
                while (at < end) {
                    if (at + 2 > end) {
                        throw FrameException.badFrame("field header cut at byte " + at);
                    }
                    int tag = bytes[at] & 0xFF;
                    int size = bytes[at + 1] & 0xFF;
                    if (at + 2 + size > end) {
                        throw FrameException.badFrame("field " + Rev2Messages.tagName(tag) + " of " + size
                                + " bytes runs past the body");
                    }
                    fields.add(new Rev2Frame.Field(tag, Arrays.copyOfRange(bytes, at + 2, at + 2 + size)));
                    at += 2 + size;
                }
                return new Rev2Frame(msg, bytes[4] & 0xFF, fields);
            }
        };
    }
}
