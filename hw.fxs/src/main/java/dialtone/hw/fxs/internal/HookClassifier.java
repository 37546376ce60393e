package dialtone.hw.fxs.internal;

import java.util.function.Consumer;

import dialtone.core.call.Timer;
import dialtone.core.call.Timers;

/**
 * Turns a line's raw hook transitions into what the user did: lifted the handset, hung up, dialled
 * a pulse digit, or flashed (R). A break's width is measured on the adapter's clock; that nothing
 * more came is known from a timer. Call-core thread only.
 * <p>
 * A break up to {@code pulseBreak} is a dial pulse; pulses end as a digit when the loop stays
 * closed {@code pulseGap} (ten pulses are 0). A break up to {@code flash} is a flash. A break
 * that lasts longer is a hang-up, reported once it has lasted that long.
 */
final class HookClassifier {

    /** What the user did. */
    sealed interface Action {
    }

    record OffHook() implements Action {
    }

    record OnHook() implements Action {
    }

    record Flash() implements Action {
    }

    record PulseDigit(char digit) implements Action {
    }

    private final Timers timers;
    private final PortSettings settings;
    private final Consumer<Action> actions;

    /** The line as the user sees it: off-hook through pulses and flashes. */
    private boolean offHook;
    private boolean loopClosed;
    private long brokeAt;
    private long madeAt;
    private int pulses;
    private Timer hangup;
    private Timer digitEnd;

    HookClassifier(Timers timers, PortSettings settings, Consumer<Action> actions) {
        this.timers = timers;
        this.settings = settings;
        this.actions = actions;
    }

    boolean offHook() {
        return offHook;
    }

    void hook(boolean closed, long atMillis) {
        if (closed == loopClosed) {
            return;
        }
        loopClosed = closed;
        if (!closed) {
            broke(atMillis);
        } else {
            made(atMillis);
        }
    }

    private void broke(long atMillis) {
        brokeAt = atMillis;
        if (!offHook) {
            return;
        }
        if (pulses > 0 && atMillis - madeAt >= settings.pulseGap().toMillis()) {
            endDigit();
        }
        cancel(digitEnd);
        hangup = timers.schedule(settings.flash(), this::hungUp);
    }

    private void made(long atMillis) {
        if (!offHook) {
            offHook = true;
            pulses = 0;
            actions.accept(new OffHook());
            return;
        }
        cancel(hangup);
        long width = atMillis - brokeAt;
        madeAt = atMillis;
        if (width <= settings.pulseBreak().toMillis()) {
            pulses++;
            digitEnd = timers.schedule(settings.pulseGap(), this::endDigit);
        } else if (width <= settings.flash().toMillis()) {
            if (pulses > 0) {
                endDigit();
            }
            actions.accept(new Flash());
        } else {
            // The timer lost the race with the make: the break was long enough to be a hang-up.
            hungUp();
            made(atMillis);
        }
    }

    private void endDigit() {
        cancel(digitEnd);
        if (pulses > 0) {
            int count = pulses;
            pulses = 0;
            actions.accept(new PulseDigit(count >= 10 ? '0' : (char) ('0' + count)));
        }
    }

    private void hungUp() {
        cancel(hangup);
        cancel(digitEnd);
        pulses = 0;
        if (offHook) {
            offHook = false;
            actions.accept(new OnHook());
        }
    }

    private static void cancel(Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }
}
