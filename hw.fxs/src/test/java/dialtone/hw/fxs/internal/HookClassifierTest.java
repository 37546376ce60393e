package dialtone.hw.fxs.internal;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class HookClassifierTest {

    private final ManualTimers timers = new ManualTimers();
    private final List<String> actions = new ArrayList<>();
    private final HookClassifier hook = new HookClassifier(timers, PortSettings.DEFAULTS, action -> actions.add(
            action instanceof HookClassifier.PulseDigit p ? "digit " + p.digit() : action.getClass().getSimpleName()));

    /** The loop opens or closes now, on the test's clock. */
    private void loop(boolean closed) {
        hook.hook(closed, timers.now());
    }

    /** Dials a digit the way a rotary dial does: breaks of 60 ms, makes of 40 ms. */
    private void pulses(int count) {
        for (int i = 0; i < count; i++) {
            loop(false);
            timers.advance(60);
            loop(true);
            timers.advance(40);
        }
    }

    @Test
    public void liftingAndHangingUpAreReportedOnce() {
        loop(true);
        loop(true);
        assertEquals(List.of("OffHook"), actions);
        loop(false);
        timers.advance(799);
        assertEquals("a break is not a hang-up before the flash time passed", List.of("OffHook"), actions);
        timers.advance(1);
        assertEquals(List.of("OffHook", "OnHook"), actions);
    }

    @Test
    public void pulsesMakeDigitsAndTenPulsesAreZero() {
        loop(true);
        timers.advance(1000);
        pulses(3);
        timers.advance(400);
        pulses(10);
        timers.advance(400);
        pulses(1);
        timers.advance(400);
        assertEquals(List.of("OffHook", "digit 3", "digit 0", "digit 1"), actions);
    }

    @Test
    public void digitsEndByTheGapOnTheAdaptersClockEvenWhenEventsComeInABurst() {
        // All transitions arrive at once (the loop was busy); their timestamps still tell the digits apart.
        hook.hook(true, 0);
        long t = 1000;
        for (int digit : new int[] { 2, 4 }) {
            for (int i = 0; i < digit; i++) {
                hook.hook(false, t);
                hook.hook(true, t + 60);
                t += 100;
            }
            t += 500;
        }
        timers.advance(300);
        assertEquals(List.of("OffHook", "digit 2", "digit 4"), actions);
    }

    @Test
    public void aBreakBetweenPulseAndHangUpIsAFlash() {
        loop(true);
        loop(false);
        timers.advance(300);
        loop(true);
        timers.advance(2000);
        assertEquals(List.of("OffHook", "Flash"), actions);
    }

    @Test
    public void aLongBreakIsAHangUpAndTheNextMakeLiftsAgain() {
        loop(true);
        loop(false);
        timers.advance(1500);
        loop(true);
        assertEquals(List.of("OffHook", "OnHook", "OffHook"), actions);
    }

    @Test
    public void aMakeThatBeatsTheHangUpTimerAfterALongBreakStillHangsUp() {
        hook.hook(true, 0);
        hook.hook(false, 100);
        hook.hook(true, 1500); // the adapter's clock says 1.4 s; the timer has not run yet
        assertEquals(List.of("OffHook", "OnHook", "OffHook"), actions);
    }
}
