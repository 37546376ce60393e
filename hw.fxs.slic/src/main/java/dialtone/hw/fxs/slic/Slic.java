package dialtone.hw.fxs.slic;

import java.nio.charset.StandardCharsets;

import dialtone.core.call.CallerId;

/**
 * The SLIC protocol's constants and encoders. A frame is {@code A5 type port lenHi lenLo payload};
 * types below 0x80 go from the host to the adapter, the others from the adapter to the host.
 */
public final class Slic {

    /** USB vendor id of the adapters (pid.codes). */
    public static final int VENDOR = 0x1209;
    /** USB product id of the two-line adapter. */
    public static final int PRODUCT = 0x5A1C;

    public static final int SYNC = 0xA5;
    public static final int HEADER = 5;
    /** The port number of a frame about the whole adapter. */
    public static final int ADAPTER = 0xFF;
    public static final int MAX_PAYLOAD = 512;

    // Host to adapter.
    public static final int HELLO = 0x01;
    public static final int RING = 0x10;
    public static final int CALLER_ID = 0x11;
    public static final int VOICE_START = 0x12;
    public static final int VOICE_STOP = 0x13;
    public static final int PCM_OUT = 0x20;

    // Adapter to host.
    public static final int INFO = 0x81;
    public static final int HOOK = 0x82;
    public static final int DTMF = 0x83;
    public static final int ERROR = 0x8F;
    public static final int PCM_IN = 0xA0;

    /** VOICE_START law byte. */
    public static final int LAW_ULAW = 0;
    public static final int LAW_ALAW = 1;

    /** MDMF (ETSI EN 300 659-3, Bellcore GR-30) message and parameter types. */
    public static final int MDMF_CALL_SETUP = 0x80;
    public static final int MDMF_DATE_TIME = 0x01;
    public static final int MDMF_NUMBER = 0x02;
    public static final int MDMF_NAME = 0x07;
    /** Reason for the absence of the number; its value {@link #MDMF_PRIVATE} says it is withheld. */
    public static final int MDMF_NO_NUMBER = 0x04;
    public static final String MDMF_PRIVATE = "P";
    /** A parameter value is at most this long in MDMF. */
    private static final int MDMF_VALUE = 20;

    private Slic() {
    }

    /** Writes a frame header into {@code frame}; the payload follows at {@link #HEADER}. */
    public static void header(byte[] frame, int type, int port, int payloadLength) {
        frame[0] = (byte) SYNC;
        frame[1] = (byte) type;
        frame[2] = (byte) port;
        frame[3] = (byte) (payloadLength >> 8);
        frame[4] = (byte) payloadLength;
    }

    /** A whole frame with this payload. */
    public static byte[] frame(int type, int port, byte... payload) {
        byte[] frame = new byte[HEADER + payload.length];
        header(frame, type, port, payload.length);
        System.arraycopy(payload, 0, frame, HEADER, payload.length);
        return frame;
    }

    /** A HOOK or DTMF payload's time: the adapter's clock in ms, 32 bits big-endian at {@code offset}. */
    public static void time(byte[] payload, int offset, long millis) {
        payload[offset] = (byte) (millis >> 24);
        payload[offset + 1] = (byte) (millis >> 16);
        payload[offset + 2] = (byte) (millis >> 8);
        payload[offset + 3] = (byte) millis;
    }

    public static long time(byte[] payload, int offset) {
        return ((long) (payload[offset] & 0xFF) << 24) | ((payload[offset + 1] & 0xFF) << 16)
                | ((payload[offset + 2] & 0xFF) << 8) | (payload[offset + 3] & 0xFF);
    }

    /**
     * The MDMF call setup message for a caller id: date and time ({@code MMDDHHMM}), number, name
     * (when known), and the checksum that makes the bytes sum to 0 modulo 256. A caller without a
     * number withholds it (as {@link CallerId} has it): the number's place then says "private",
     * so the phone shows that instead of nothing.
     */
    public static byte[] mdmf(CallerId callerId, String monthDayHourMinute) {
        boolean withheld = callerId.number().isEmpty();
        byte[] number = ascii(withheld ? MDMF_PRIVATE : callerId.number());
        byte[] name = ascii(callerId.name());
        byte[] date = ascii(monthDayHourMinute);
        int length = 2 + date.length + 2 + number.length + (name.length > 0 ? 2 + name.length : 0);
        byte[] message = new byte[2 + length + 1];
        int i = 0;
        message[i++] = (byte) MDMF_CALL_SETUP;
        message[i++] = (byte) length;
        i = parameter(message, i, MDMF_DATE_TIME, date);
        i = parameter(message, i, withheld ? MDMF_NO_NUMBER : MDMF_NUMBER, number);
        if (name.length > 0) {
            i = parameter(message, i, MDMF_NAME, name);
        }
        int sum = 0;
        for (int j = 0; j < i; j++) {
            sum += message[j] & 0xFF;
        }
        message[i] = (byte) -sum;
        return message;
    }

    /**
     * Reads an MDMF call setup message back into a caller id; a withheld number reads as none.
     *
     * @throws IllegalArgumentException when it is not one or its checksum is wrong
     */
    public static CallerId mdmf(byte[] message, int offset, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += message[offset + i] & 0xFF;
        }
        if ((sum & 0xFF) != 0 || length < 3 || (message[offset] & 0xFF) != MDMF_CALL_SETUP) {
            throw new IllegalArgumentException("not an MDMF call setup message with a good checksum");
        }
        int end = offset + 2 + (message[offset + 1] & 0xFF);
        String number = "";
        String name = "";
        for (int i = offset + 2; i + 1 < end;) {
            int type = message[i] & 0xFF;
            int size = message[i + 1] & 0xFF;
            String value = new String(message, i + 2, size, StandardCharsets.US_ASCII);
            if (type == MDMF_NUMBER) {
                number = value;
            } else if (type == MDMF_NAME) {
                name = value;
            }
            i += 2 + size;
        }
        return new CallerId(number, name);
    }

    private static int parameter(byte[] message, int at, int type, byte[] value) {
        message[at] = (byte) type;
        message[at + 1] = (byte) value.length;
        System.arraycopy(value, 0, message, at + 2, value.length);
        return at + 2 + value.length;
    }

    private static byte[] ascii(String text) {
        StringBuilder kept = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c >= 0x20 && c < 0x7F && kept.length() < MDMF_VALUE) {
                kept.append(c);
            }
        }
        return kept.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
