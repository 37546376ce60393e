package dialtone.audio.dev.internal;

/**
 * The RTP fixed header (RFC 3550 section 5.1) and the RFC 4733 telephone-event payload, packed
 * into and read from byte arrays in place. Nothing here allocates.
 */
public final class Rtp {

    /** Bytes of the fixed header with no CSRC. */
    public static final int HEADER = 12;
    /** Bytes of one RFC 4733 event payload. */
    public static final int EVENT = 4;

    private Rtp() {
    }

    /** Writes a version 2 header with no padding, extension or CSRC; returns the header length. */
    public static int header(byte[] packet, boolean marker, int payloadType, int sequence, long timestamp, int ssrc) {
        packet[0] = (byte) 0x80;
        packet[1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        packet[4] = (byte) (timestamp >> 24);
        packet[5] = (byte) (timestamp >> 16);
        packet[6] = (byte) (timestamp >> 8);
        packet[7] = (byte) timestamp;
        packet[8] = (byte) (ssrc >> 24);
        packet[9] = (byte) (ssrc >> 16);
        packet[10] = (byte) (ssrc >> 8);
        packet[11] = (byte) ssrc;
        return HEADER;
    }

    /**
     * Where the payload of a received packet starts, past CSRCs and a header extension; -1 when the
     * packet is not RTP version 2 or is too short for what its header claims.
     */
    public static int payloadOffset(byte[] packet, int length) {
        if (length < HEADER || (packet[0] & 0xC0) != 0x80) {
            return -1;
        }
        int offset = HEADER + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0) {
            if (length < offset + 4) {
                return -1;
            }
            offset += 4 + 4 * (((packet[offset + 2] & 0xFF) << 8) | (packet[offset + 3] & 0xFF));
        }
        return offset <= length ? offset : -1;
    }

    /** The payload length of a received packet, less any padding; -1 when the padding is wrong. */
    public static int payloadLength(byte[] packet, int length, int offset) {
        int payload = length - offset;
        if ((packet[0] & 0x20) != 0) {
            int padding = packet[length - 1] & 0xFF;
            if (padding == 0 || padding > payload) {
                return -1;
            }
            payload -= padding;
        }
        return payload;
    }

    public static boolean marker(byte[] packet) {
        return (packet[1] & 0x80) != 0;
    }

    public static int payloadType(byte[] packet) {
        return packet[1] & 0x7F;
    }

    public static int sequence(byte[] packet) {
        return ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
    }

    public static long timestamp(byte[] packet) {
        return ((long) (packet[4] & 0xFF) << 24) | ((packet[5] & 0xFF) << 16) | ((packet[6] & 0xFF) << 8)
                | (packet[7] & 0xFF);
    }

    public static int ssrc(byte[] packet) {
        return ((packet[8] & 0xFF) << 24) | ((packet[9] & 0xFF) << 16) | ((packet[10] & 0xFF) << 8)
                | (packet[11] & 0xFF);
    }

    /** Writes an RFC 4733 event payload at {@code offset}; returns its length. */
    public static int event(byte[] packet, int offset, int event, boolean end, int volume, int duration) {
        packet[offset] = (byte) event;
        packet[offset + 1] = (byte) ((end ? 0x80 : 0) | (volume & 0x3F));
        packet[offset + 2] = (byte) (duration >> 8);
        packet[offset + 3] = (byte) duration;
        return EVENT;
    }

    public static int eventCode(byte[] packet, int offset) {
        return packet[offset] & 0xFF;
    }

    public static boolean eventEnd(byte[] packet, int offset) {
        return (packet[offset + 1] & 0x80) != 0;
    }

    public static int eventDuration(byte[] packet, int offset) {
        return ((packet[offset + 2] & 0xFF) << 8) | (packet[offset + 3] & 0xFF);
    }

    /** The RFC 4733 event code of a keypad digit (0-9 are 0-9, * 10, # 11, A-D 12-15); -1 for others. */
    public static int eventOf(char digit) {
        if (digit >= '0' && digit <= '9') {
            return digit - '0';
        }
        return switch (Character.toUpperCase(digit)) {
            case '*' -> 10;
            case '#' -> 11;
            case 'A' -> 12;
            case 'B' -> 13;
            case 'C' -> 14;
            case 'D' -> 15;
            default -> -1;
        };
    }

    /** The keypad digit of an RFC 4733 event code, or 0 for codes that are not digits. */
    public static char digitOf(int event) {
        return event >= 0 && event < 16 ? "0123456789*#ABCD".charAt(event) : 0;
    }
}
