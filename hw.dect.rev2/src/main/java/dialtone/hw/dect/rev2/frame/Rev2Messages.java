package dialtone.hw.dect.rev2.frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dialtone.core.call.Codec;
import dialtone.core.call.Reason;

/** Revision-2 message ids, field tags and release codes, as docs/dect-protocol.md lists them. */
public final class Rev2Messages {

    // host to base
    public static final int HELLO = 0x20;
    public static final int REG_WINDOW = 0x21;
    public static final int SUB_STORE = 0x22;
    public static final int SUB_DELETE = 0x23;
    public static final int SUB_REJECT = 0x24;
    public static final int SETUP = 0x30;
    public static final int ALERT = 0x31;
    public static final int CONNECT = 0x32;
    public static final int RELEASE = 0x33;
    public static final int DISPLAY = 0x34;
    public static final int PAGE = 0x35;
    /** 20 ms of voice for a handset's call, in one PCM field. */
    public static final int VOICE_OUT = 0x36;
    // base to host
    public static final int INFO = 0x40;
    public static final int SUB_REQUEST = 0x41;
    public static final int PRESENCE = 0x42;
    public static final int OFFHOOK = 0x50;
    public static final int KEYPAD = 0x51;
    public static final int DIAL = 0x52;
    public static final int ALERTING = 0x53;
    public static final int ANSWER = 0x54;
    public static final int RELEASED = 0x55;
    /** 20 ms of voice from a handset's call, in one PCM field. */
    public static final int VOICE_IN = 0x56;
    public static final int ERROR = 0x7F;

    // field tags
    public static final int T_NUMBER = 0x01;
    public static final int T_NAME = 0x02;
    public static final int T_IPUI = 0x03;
    /** RTP payload types, one byte each, in order of preference. */
    public static final int T_CODECS = 0x04;
    public static final int T_CODEC = 0x05;
    public static final int T_REASON = 0x06;
    public static final int T_DIGITS = 0x07;
    public static final int T_TEXT = 0x08;
    public static final int T_FLAG = 0x09;
    public static final int T_FIRMWARE = 0x0A;
    public static final int T_MAX_CALLS = 0x0B;
    public static final int T_MAX_HANDSETS = 0x0C;
    public static final int T_ERROR = 0x0D;
    /** 20 ms of voice in the call's codec: 160 bytes of G.711 or of G.722 at 64 kbit/s. */
    public static final int T_PCM = 0x0E;

    public static final int E_CRC = 1;
    public static final int E_UNKNOWN = 2;
    public static final int E_HANDSET = 3;
    public static final int E_NO_CHANNEL = 4;
    public static final int E_CODEC = 5;
    public static final int E_FIELD = 6;

    public static final List<Codec> CODECS = List.of(Codec.G722, Codec.PCMA, Codec.PCMU);
    public static final int MAX_CALLS = 4;
    public static final int MAX_HANDSETS = 8;

    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(HELLO, "HELLO"),
            Map.entry(REG_WINDOW, "REG_WINDOW"), Map.entry(SUB_STORE, "SUB_STORE"),
            Map.entry(SUB_DELETE, "SUB_DELETE"), Map.entry(SUB_REJECT, "SUB_REJECT"), Map.entry(SETUP, "SETUP"),
            Map.entry(ALERT, "ALERT"), Map.entry(CONNECT, "CONNECT"), Map.entry(RELEASE, "RELEASE"),
            Map.entry(DISPLAY, "DISPLAY"), Map.entry(PAGE, "PAGE"), Map.entry(VOICE_OUT, "VOICE"), Map.entry(INFO, "INFO"),
            Map.entry(SUB_REQUEST, "SUB_REQUEST"), Map.entry(PRESENCE, "PRESENCE"), Map.entry(OFFHOOK, "OFFHOOK"),
            Map.entry(KEYPAD, "KEYPAD"), Map.entry(DIAL, "DIAL"), Map.entry(ALERTING, "ALERTING"),
            Map.entry(ANSWER, "ANSWER"), Map.entry(RELEASED, "RELEASED"), Map.entry(VOICE_IN, "VOICE"),
            Map.entry(ERROR, "ERROR"));

    private static final Map<Integer, String> TAGS = Map.ofEntries(Map.entry(T_NUMBER, "NUMBER"),
            Map.entry(T_NAME, "NAME"), Map.entry(T_IPUI, "IPUI"), Map.entry(T_CODECS, "CODECS"),
            Map.entry(T_CODEC, "CODEC"), Map.entry(T_REASON, "REASON"), Map.entry(T_DIGITS, "DIGITS"),
            Map.entry(T_TEXT, "TEXT"), Map.entry(T_FLAG, "FLAG"), Map.entry(T_FIRMWARE, "FIRMWARE"),
            Map.entry(T_MAX_CALLS, "MAX_CALLS"), Map.entry(T_MAX_HANDSETS, "MAX_HANDSETS"),
            Map.entry(T_ERROR, "ERROR"), Map.entry(T_PCM, "PCM"));

    /** Release codes, one per reason the exchange knows. */
    private static final List<Reason> REASONS = List.of(Reason.NORMAL, Reason.CANCELLED, Reason.ANSWERED_ELSEWHERE,
            Reason.UNAVAILABLE, Reason.DEVICE_GONE, Reason.NO_ANSWER, Reason.UNKNOWN_NUMBER, Reason.CONGESTION,
            Reason.FAILURE, Reason.FORBIDDEN, Reason.INCOMPATIBLE_MEDIA, Reason.BUSY, Reason.REJECTED);

    private Rev2Messages() {
    }

    public static boolean known(int msg) {
        return NAMES.containsKey(msg);
    }

    public static String name(int msg) {
        return NAMES.getOrDefault(msg, String.format("0x%02X", msg));
    }

    public static String tagName(int tag) {
        return TAGS.getOrDefault(tag, String.format("0x%02X", tag));
    }

    public static int reasonCode(Reason reason) {
        return REASONS.indexOf(reason);
    }

    public static Reason reason(int code) {
        return code >= 0 && code < REASONS.size() ? REASONS.get(code) : Reason.FAILURE;
    }

    /** Codecs as RTP payload types, in order. */
    public static byte[] payloadTypes(List<Codec> codecs) {
        byte[] types = new byte[codecs.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = (byte) codecs.get(i).payloadType();
        }
        return types;
    }

    /** The voice codecs named by payload types, in order; unknown types are skipped. */
    public static List<Codec> codecs(byte[] types) {
        List<Codec> codecs = new ArrayList<>();
        if (types != null) {
            for (byte type : types) {
                Codec codec = codec(type & 0xFF);
                if (codec != null && !codecs.contains(codec)) {
                    codecs.add(codec);
                }
            }
        }
        return codecs;
    }

    public static Codec codec(int payloadType) {
        for (Codec codec : CODECS) {
            if (codec.payloadType() == payloadType) {
                return codec;
            }
        }
        return null;
    }
}
