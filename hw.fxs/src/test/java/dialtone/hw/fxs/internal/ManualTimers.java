package dialtone.hw.fxs.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dialtone.core.call.Timer;
import dialtone.core.call.Timers;

/** Timers on a clock the test moves by hand. */
final class ManualTimers implements Timers {

    private final class Pending implements Timer {
        final long due;
        final Runnable action;
        boolean pending = true;

        Pending(long due, Runnable action) {
            this.due = due;
            this.action = action;
        }

        @Override
        public void cancel() {
            pending = false;
        }

        @Override
        public boolean isPending() {
            return pending;
        }
    }

    private final List<Pending> timers = new ArrayList<>();
    private long now;

    @Override
    public Timer schedule(Duration delay, Runnable action) {
        Pending timer = new Pending(now + delay.toMillis(), action);
        timers.add(timer);
        return timer;
    }

    long now() {
        return now;
    }

    /** Moves the clock on, running every timer that comes due, in order. */
    void advance(long millis) {
        long until = now + millis;
        while (true) {
            Pending next = timers.stream().filter(t -> t.pending && t.due <= until)
                    .min(Comparator.comparingLong(t -> t.due)).orElse(null);
            if (next == null) {
                break;
            }
            now = next.due;
            next.pending = false;
            timers.remove(next);
            next.action.run();
        }
        now = until;
    }
}
