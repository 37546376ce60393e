package dialtone.hw.fxs.internal;

import dialtone.core.call.CallerId;
import dialtone.core.call.Timer;
import dialtone.core.call.Timers;
import dialtone.hw.fxs.FxsDriver;

/**
 * Rings one line by its country's cadence: caller id first, the first ring a lead time later, then
 * ring and pause by turns until stopped. Each step is a timer, so it runs on the call-core thread.
 */
final class Ringer {

    private final Timers timers;
    private final PortSettings settings;
    private FxsDriver driver;
    private final int port;
    private Timer next;
    private boolean ringing;
    private int step;
    private int rings;

    Ringer(Timers timers, PortSettings settings, FxsDriver driver, int port) {
        this.timers = timers;
        this.settings = settings;
        this.driver = driver;
        this.port = port;
    }

    /**
     * Starts ringing; with a caller id, it goes out before the first ring (a withheld number as
     * such, so the phone shows it was withheld).
     */
    void start(CallerId callerId) {
        stop();
        step = 0;
        rings = 0;
        if (callerId != null) {
            driver.callerId(port, callerId);
            next = timers.schedule(settings.callerIdLead(), this::advance);
        } else {
            advance();
        }
    }

    void stop() {
        if (next != null) {
            next.cancel();
            next = null;
        }
        if (ringing) {
            ringing = false;
            driver.ring(port, false);
        }
    }

    /** Goes on with another driver for the same line; a bell that rang keeps ringing. */
    void driver(FxsDriver newDriver) {
        driver = newDriver;
        if (ringing) {
            newDriver.ring(port, true);
        }
    }

    boolean active() {
        return next != null;
    }

    /** Rings begun since start. */
    int rings() {
        return rings;
    }

    private void advance() {
        RingCadence cadence = settings.cadence();
        boolean on = cadence.rings(step);
        if (on != ringing) {
            ringing = on;
            if (on) {
                rings++;
            }
            driver.ring(port, on);
        }
        next = timers.schedule(cadence.step(step), this::advance);
        step = (step + 1) % cadence.steps().size();
    }
}
