package dialtone.store.phonebook;

import java.util.Locale;

/** How a call in the history went. */
public enum CallKind {
    /** Came in, nobody answered (the caller gave up or it timed out). */
    MISSED,
    /** Came in and was answered. */
    RECEIVED,
    /** Dialled from a handset or port. */
    DIALED,
    /** Came in and was turned away (busy, declined, blocked). */
    REJECTED;

    /** The kind named {@code text} (any case), for the shell. */
    public static CallKind parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
