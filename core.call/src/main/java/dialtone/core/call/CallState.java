package dialtone.core.call;

/** Where a call stands as a whole. */
public enum CallState {
    /** Placed; no target rings yet. */
    SETUP,
    /** At least one target rings. */
    ALERTING,
    /** One target answered. */
    CONNECTED,
    /** Every leg is released. */
    ENDED
}
