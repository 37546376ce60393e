package dialtone.hw.dect.link;

/** A stretch of bytes that is not a good frame, and how the scanner goes on after it. */
public final class FrameException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean falseStart;

    private FrameException(String message, boolean falseStart) {
        super(message, null, false, false);
        this.falseStart = falseStart;
    }

    /** The frame start was not one (bad checksum, impossible length): scan again from the next byte. */
    public static FrameException falseStart(String message) {
        return new FrameException(message, true);
    }

    /** The frame was whole and checked but says something wrong (unknown message, bad field): skip it. */
    public static FrameException badFrame(String message) {
        return new FrameException(message, false);
    }

    public boolean isFalseStart() {
        return falseStart;
    }
}
