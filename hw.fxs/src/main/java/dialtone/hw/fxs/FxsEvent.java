package dialtone.hw.fxs;

/**
 * What an FXS line reports. Times are the adapter's clock in milliseconds, so the widths of hook
 * breaks (pulse digits, flash) are measured where they happen, not where they are handled.
 */
public sealed interface FxsEvent {

    /** The line, from 0. */
    int port();

    /** The loop closed (off-hook) or opened (on-hook): raw, each break of a pulse digit or a flash included. */
    record Hook(int port, boolean offHook, long atMillis) implements FxsEvent {
    }

    /** The adapter's DTMF receiver heard a key (0-9, *, #, A-D). */
    record Dtmf(int port, char digit, long atMillis) implements FxsEvent {
        public Dtmf {
            if ("0123456789*#ABCD".indexOf(digit) < 0) {
                throw new IllegalArgumentException("not a DTMF key: " + digit);
            }
        }
    }
}
