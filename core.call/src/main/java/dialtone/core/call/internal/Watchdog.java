package dialtone.core.call.internal;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.core.call.Message;

/**
 * Watches the call-core loop from the clock thread: a handler that runs past the limit is reported
 * once, with the loop's stack while it is still stuck; a loop that makes no progress while work is
 * waiting is reported as stalled, and again when it recovers.
 */
final class Watchdog implements Runnable {

    /** Where reports go; the default logs them. */
    interface Listener {
        void slowHandler(Message message, long runningNanos, StackTraceElement[] stack);

        void stalled(int inboxDepth, long stalledNanos);

        void recovered(long stalledNanos);
    }

    static final Listener LOGGING = new Listener() {
        private final Logger log = LoggerFactory.getLogger(Watchdog.class);

        @Override
        public void slowHandler(Message message, long runningNanos, StackTraceElement[] stack) {
            StringBuilder trace = new StringBuilder();
            for (StackTraceElement frame : stack) {
                trace.append("\n\tat ").append(frame);
            }
            log.warn("call-core handler running for {} ms: {}{}", TimeUnit.NANOSECONDS.toMillis(runningNanos), message,
                    trace);
        }

        @Override
        public void stalled(int inboxDepth, long stalledNanos) {
            log.error("call-core stalled: no progress for {} ms, {} messages waiting",
                    TimeUnit.NANOSECONDS.toMillis(stalledNanos), inboxDepth);
        }

        @Override
        public void recovered(long stalledNanos) {
            log.warn("call-core recovered after {} ms", TimeUnit.NANOSECONDS.toMillis(stalledNanos));
        }
    };

    private final EventLoop loop;
    private final Listener listener;
    private volatile long handlerLimitNanos;
    private volatile long stallLimitNanos;

    // Clock thread only.
    private long reportedStart;
    private long lastHandled = -1;
    private long progressAt = System.nanoTime();
    private boolean stalled;

    Watchdog(EventLoop loop, Listener listener, long handlerLimitNanos, long stallLimitNanos) {
        this.loop = loop;
        this.listener = listener;
        limits(handlerLimitNanos, stallLimitNanos);
    }

    void limits(long handlerLimit, long stallLimit) {
        this.handlerLimitNanos = handlerLimit;
        this.stallLimitNanos = stallLimit;
    }

    /** How often the clock should run this check: often enough to catch a handler near the limit. */
    long periodNanos() {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(handlerLimitNanos, stallLimitNanos) / 4);
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        long start = loop.handlerStart();
        if (start != 0 && start != reportedStart && now - start > handlerLimitNanos) {
            reportedStart = start;
            listener.slowHandler(loop.current(), now - start, loop.thread().getStackTrace());
        }
        long handled = loop.handled();
        int depth = loop.depth();
        boolean idle = start == 0 && depth == 0;
        if (handled != lastHandled || idle) {
            if (stalled) {
                stalled = false;
                listener.recovered(now - progressAt);
            }
            lastHandled = handled;
            progressAt = now;
        } else if (!stalled && now - progressAt > stallLimitNanos) {
            stalled = true;
            listener.stalled(depth, now - progressAt);
        }
    }
}
