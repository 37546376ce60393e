package dialtone.hw.dect.rev1.frame;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One revision-1 frame: a message id, a handset number (0 for the base), a one-byte argument and
 * up to {@link Rev1Codec#TEXT} bytes of Latin-1 text; or, for VOICE, a handset number and 20 ms of
 * voice ({@link Rev1Codec#VOICE} bytes, null in every other frame).
 */
public record Rev1Frame(int msg, int handset, int arg, String text, byte[] voice) {

    public Rev1Frame {
        Objects.requireNonNull(text, "text");
        if (voice != null && voice.length != Rev1Codec.VOICE) {
            throw new IllegalArgumentException("a voice frame carries " + Rev1Codec.VOICE + " bytes, not " + voice.length);
        }
        if (msg < 0 || msg > 255 || handset < 0 || handset > 255 || arg < 0 || arg > 255) {
            throw new IllegalArgumentException("message, handset and argument are single bytes");
        }
        int bytes = text.getBytes(StandardCharsets.ISO_8859_1).length;
        if (bytes > Rev1Codec.TEXT) {
            throw new IllegalArgumentException("text of " + bytes + " bytes does not fit revision 1's "
                    + Rev1Codec.TEXT + ": '" + text + "'");
        }
    }

    public Rev1Frame(int msg, int handset, int arg, String text) {
        this(msg, handset, arg, text, null);
    }

    public Rev1Frame(int msg, int handset) {
        this(msg, handset, 0, "");
    }

    public Rev1Frame(int msg, int handset, int arg) {
        this(msg, handset, arg, "");
    }

    /** Text cut to what a revision-1 field holds, for names and display lines. */
    public static String fit(String text) {
        return text.length() <= Rev1Codec.TEXT ? text : text.substring(0, Rev1Codec.TEXT).stripTrailing();
    }

    @Override
    public String toString() {
        if (voice != null) {
            return Rev1Messages.name(msg) + "(hs " + handset + ", " + voice.length + " bytes)";
        }
        return Rev1Messages.name(msg) + "(hs " + handset + ", arg " + arg + (text.isEmpty() ? "" : ", '" + text + "'")
                + ")";
    }
}
