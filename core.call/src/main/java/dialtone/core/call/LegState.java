package dialtone.core.call;

/** Where one leg of a call stands. */
public enum LegState {
    /** Offered (for the origin: calling) and not yet ringing. */
    SETUP,
    /** Ringing. */
    ALERTING,
    /** Talking. */
    CONNECTED,
    /** Over; no command reaches this leg again. */
    RELEASED
}
