package dialtone.hw.dect.rev1.frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dialtone.core.call.Codec;
import dialtone.core.call.Reason;

/** Revision-1 message ids, codec bits and release codes, as docs/dect-protocol.md lists them. */
public final class Rev1Messages {

    // host to base
    public static final int HELLO = 0x01;
    public static final int REG_WINDOW = 0x02;
    public static final int SUB_STORE = 0x03;
    public static final int SUB_NAME = 0x04;
    public static final int SUB_DELETE = 0x05;
    public static final int SUB_REJECT = 0x06;
    public static final int SETUP = 0x10;
    public static final int SETUP_NAME = 0x11;
    public static final int ALERT = 0x12;
    public static final int CONNECT = 0x13;
    public static final int RELEASE = 0x14;
    public static final int DISPLAY = 0x15;
    public static final int PAGE = 0x16;
    /** 20 ms of voice for a handset's call: the one frame longer than 20 bytes (Rev1Codec). */
    public static final int VOICE_OUT = 0x17;
    // base to host
    public static final int INFO = 0x81;
    public static final int SUB_REQUEST = 0x82;
    public static final int PRESENCE = 0x83;
    public static final int OFFHOOK = 0x90;
    public static final int KEYPAD = 0x91;
    public static final int DIAL = 0x92;
    public static final int ALERTING = 0x93;
    public static final int ANSWER = 0x94;
    public static final int RELEASED = 0x95;
    /** 20 ms of voice from a handset's call. */
    public static final int VOICE_IN = 0x97;
    public static final int ERROR = 0xEE;

    /** Error codes the base sends in an ERROR frame. */
    public static final int E_CHECKSUM = 1;
    public static final int E_UNKNOWN = 2;
    public static final int E_HANDSET = 3;
    public static final int E_NO_CHANNEL = 4;
    public static final int E_CODEC = 5;

    public static final int PCMA = 0x01;
    public static final int PCMU = 0x02;
    public static final int G722 = 0x04;

    /** Revision 1 carries narrowband voice only. */
    public static final List<Codec> CODECS = List.of(Codec.PCMA, Codec.PCMU);
    public static final int MAX_CALLS = 2;
    public static final int MAX_HANDSETS = 6;

    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(HELLO, "HELLO"),
            Map.entry(REG_WINDOW, "REG_WINDOW"), Map.entry(SUB_STORE, "SUB_STORE"), Map.entry(SUB_NAME, "SUB_NAME"),
            Map.entry(SUB_DELETE, "SUB_DELETE"), Map.entry(SUB_REJECT, "SUB_REJECT"), Map.entry(SETUP, "SETUP"),
            Map.entry(SETUP_NAME, "SETUP_NAME"), Map.entry(ALERT, "ALERT"), Map.entry(CONNECT, "CONNECT"),
            Map.entry(RELEASE, "RELEASE"), Map.entry(DISPLAY, "DISPLAY"), Map.entry(PAGE, "PAGE"), Map.entry(VOICE_OUT, "VOICE"),
            Map.entry(INFO, "INFO"), Map.entry(SUB_REQUEST, "SUB_REQUEST"), Map.entry(PRESENCE, "PRESENCE"),
            Map.entry(OFFHOOK, "OFFHOOK"), Map.entry(KEYPAD, "KEYPAD"), Map.entry(DIAL, "DIAL"),
            Map.entry(ALERTING, "ALERTING"), Map.entry(ANSWER, "ANSWER"), Map.entry(RELEASED, "RELEASED"),
            Map.entry(VOICE_IN, "VOICE"), Map.entry(ERROR, "ERROR"));

    /** Release codes; revision 1 knows only these, so other reasons travel as FAILURE. */
    private static final List<Reason> REASONS = List.of(Reason.NORMAL, Reason.BUSY, Reason.REJECTED,
            Reason.UNAVAILABLE, Reason.NO_ANSWER, Reason.CANCELLED, Reason.DEVICE_GONE, Reason.FAILURE);

    private Rev1Messages() {
    }

    public static boolean isVoice(int msg) {
        return msg == VOICE_OUT || msg == VOICE_IN;
    }

    public static boolean known(int msg) {
        return NAMES.containsKey(msg);
    }

    public static String name(int msg) {
        return NAMES.getOrDefault(msg, String.format("0x%02X", msg));
    }

    public static int reasonCode(Reason reason) {
        int code = REASONS.indexOf(reason);
        if (code >= 0) {
            return code;
        }
        return switch (reason) {
            case ANSWERED_ELSEWHERE -> REASONS.indexOf(Reason.CANCELLED);
            case CONGESTION -> REASONS.indexOf(Reason.BUSY);
            case UNKNOWN_NUMBER -> REASONS.indexOf(Reason.UNAVAILABLE);
            default -> REASONS.indexOf(Reason.FAILURE);
        };
    }

    public static Reason reason(int code) {
        return code < REASONS.size() ? REASONS.get(code) : Reason.FAILURE;
    }

    public static int codecBit(Codec codec) {
        return switch (codec) {
            case PCMA -> PCMA;
            case PCMU -> PCMU;
            case G722 -> G722;
            default -> 0;
        };
    }

    /** The bits of a mask as codecs, wideband first. */
    public static List<Codec> codecs(int mask) {
        List<Codec> codecs = new ArrayList<>(3);
        if ((mask & G722) != 0) {
            codecs.add(Codec.G722);
        }
        if ((mask & PCMA) != 0) {
            codecs.add(Codec.PCMA);
        }
        if ((mask & PCMU) != 0) {
            codecs.add(Codec.PCMU);
        }
        return codecs;
    }

    public static int mask(List<Codec> codecs) {
        int mask = 0;
        for (Codec codec : codecs) {
            mask |= codecBit(codec);
        }
        return mask;
    }

    /** The one codec named by a single bit, or null. */
    public static Codec codec(int bit) {
        return switch (bit) {
            case PCMA -> Codec.PCMA;
            case PCMU -> Codec.PCMU;
            case G722 -> Codec.G722;
            default -> null;
        };
    }
}
