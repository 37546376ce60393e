package dialtone.audio.dev;

/** The tones a path generates locally, by the country's tone plan. */
public enum Tone {
    NONE,
    /** Off-hook, ready for digits. */
    DIAL,
    /** The far end is ringing. */
    RINGBACK,
    /** The far end is busy, or the call ended. */
    BUSY,
    /** The network or the number failed. */
    CONGESTION,
    /** A second call is waiting. */
    CALL_WAITING
}
