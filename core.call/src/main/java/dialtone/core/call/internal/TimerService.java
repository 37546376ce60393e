package dialtone.core.call.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dialtone.core.call.Inbox;
import dialtone.core.call.Message;
import dialtone.core.call.Timer;
import dialtone.core.call.Timers;

/** Timers on the clock thread whose expiry only posts a {@link Message.Timeout} into the inbox. */
final class TimerService implements Timers {

    private final ScheduledExecutorService clock;
    private final Inbox inbox;
    private final LoopGuard guard;

    TimerService(ScheduledExecutorService clock, Inbox inbox, LoopGuard guard) {
        this.clock = clock;
        this.inbox = inbox;
        this.guard = guard;
    }

    @Override
    public Timer schedule(Duration delay, Runnable action) {
        guard.check("Timers.schedule");
        Objects.requireNonNull(action, "action");
        PendingTimer timer = new PendingTimer();
        Message.Timeout expiry = new Message.Timeout(timer, action);
        timer.future = clock.schedule(() -> inbox.post(expiry), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return timer;
    }

    /** Runs a timeout's action if its timer is still pending; on the loop thread. */
    static void expire(Message.Timeout timeout) {
        if (timeout.timer() instanceof PendingTimer timer && timer.pending) {
            timer.pending = false;
            timeout.action().run();
        }
    }

    private static final class PendingTimer implements Timer {
        // Both fields are used on the loop thread only.
        boolean pending = true;
        ScheduledFuture<?> future;

        @Override
        public void cancel() {
            if (pending) {
                pending = false;
                future.cancel(false);
            }
        }

        @Override
        public boolean isPending() {
            return pending;
        }
    }
}
