package dialtone.core.call.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.core.call.Inbox;
import dialtone.core.call.LoopStats;
import dialtone.core.call.Message;

/**
 * The call-core thread: drains one multi-producer queue and hands each message to a
 * {@link Dispatcher}, one at a time, to completion. It parks when the queue is empty; a producer
 * wakes it only when it is parked, so a busy loop costs the producers one queue offer each.
 */
public final class EventLoop implements Inbox {

    /** Runs one message; called on the loop thread only. */
    @FunctionalInterface
    public interface Dispatcher {
        void dispatch(Message message) throws Exception;
    }

    public static final String THREAD_NAME = "call-core";

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    private static final int SPINS_BEFORE_PARK = 128;
    private static final long PUBLISH_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long HISTOGRAM_MAX_NANOS = TimeUnit.MINUTES.toNanos(10);

    private static final VarHandle HANDLED;
    private static final VarHandle FAILED;
    private static final VarHandle HANDLER_START;
    private static final VarHandle CURRENT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HANDLED = lookup.findVarHandle(EventLoop.class, "handled", long.class);
            FAILED = lookup.findVarHandle(EventLoop.class, "failed", long.class);
            HANDLER_START = lookup.findVarHandle(EventLoop.class, "handlerStart", long.class);
            CURRENT = lookup.findVarHandle(EventLoop.class, "current", Message.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MessagePassingQueue<Message> queue = new MpscUnboundedXaddArrayQueue<>(1024);
    private final Thread thread;
    private volatile Dispatcher dispatcher;
    private volatile boolean parked;
    private volatile boolean running = true;
    private volatile long slowHandlerNanos;

    // Written by the loop thread with release/opaque stores, read by the watchdog and the shell.
    @SuppressWarnings("unused")
    private long handled;
    @SuppressWarnings("unused")
    private long failed;
    @SuppressWarnings("unused")
    private long handlerStart; // System.nanoTime() at the start of the running handler; 0 when idle
    @SuppressWarnings("unused")
    private Message current;

    // Loop thread only.
    private final Histogram handlerTimes = new Histogram(HISTOGRAM_MAX_NANOS, 2);
    private long lastPublish;
    private boolean unpublished;
    private volatile Histogram publishedTimes = handlerTimes.copy();

    public EventLoop(Dispatcher dispatcher, long slowHandlerNanos) {
        this.dispatcher = dispatcher;
        this.slowHandlerNanos = slowHandlerNanos;
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Stops after the handler now running; what is still queued is dropped and counted in the log. */
    public void stop(long timeoutMillis) throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(timeoutMillis);
        if (thread.isAlive()) {
            log.warn("call-core did not stop within {} ms; it is left to finish its handler", timeoutMillis);
        }
        int dropped = queue.size();
        if (dropped > 0) {
            log.info("call-core stopped with {} messages unhandled", dropped);
        }
    }

    public void setDispatcher(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    public void setSlowHandlerNanos(long nanos) {
        this.slowHandlerNanos = nanos;
    }

    @Override
    public void post(Message message) {
        if (message == null) {
            throw new NullPointerException("message");
        }
        queue.offer(message);
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    public Thread thread() {
        return thread;
    }

    public int depth() {
        return queue.size();
    }

    public long handled() {
        return (long) HANDLED.getOpaque(this);
    }

    public long failed() {
        return (long) FAILED.getOpaque(this);
    }

    /** Start time (System.nanoTime) of the running handler, or 0 when the loop is idle. */
    public long handlerStart() {
        return (long) HANDLER_START.getOpaque(this);
    }

    /** The message being handled now, or null. */
    public Message current() {
        return (Message) CURRENT.getOpaque(this);
    }

    /** The loop's counters and handler times, with the watchdog's limits filled in by the caller. */
    public LoopStats stats(Duration handlerLimit, Duration stallLimit) {
        Histogram times = publishedTimes;
        long start = handlerStart();
        return new LoopStats(handled(), failed(), depth(),
                times.getValueAtPercentile(50), times.getValueAtPercentile(99), times.getMaxValue(),
                start == 0 ? 0 : Math.max(0, System.nanoTime() - start), handlerLimit, stallLimit);
    }

    private void run() {
        long now = System.nanoTime();
        lastPublish = now;
        long count = 0;
        while (running) {
            Message message = queue.relaxedPoll();
            if (message == null) {
                idle();
                now = System.nanoTime();
                continue;
            }
            HANDLER_START.setOpaque(this, now);
            CURRENT.setOpaque(this, message);
            try {
                dispatcher.dispatch(message);
            } catch (Throwable t) {
                failed(message, t);
            }
            long end = System.nanoTime();
            long took = end - now;
            handlerTimes.recordValue(Math.min(took, HISTOGRAM_MAX_NANOS));
            HANDLED.setRelease(this, ++count);
            if (took > slowHandlerNanos) {
                log.warn("call-core handler took {} ms: {}", TimeUnit.NANOSECONDS.toMillis(took), message);
            }
            unpublished = true;
            if (end - lastPublish > PUBLISH_EVERY_NANOS) {
                publish(end);
            }
            now = end;
        }
        HANDLER_START.setOpaque(this, 0L);
    }

    private void idle() {
        HANDLER_START.setOpaque(this, 0L);
        CURRENT.setOpaque(this, null);
        for (int i = 0; i < SPINS_BEFORE_PARK; i++) {
            if (!queue.isEmpty()) {
                return;
            }
            Thread.onSpinWait();
        }
        if (unpublished) {
            publish(System.nanoTime());
        }
        parked = true;
        // Re-check after announcing: a producer that offered before it saw 'parked' is seen here.
        if (queue.isEmpty() && running) {
            LockSupport.park(this);
        }
        parked = false;
    }

    private void publish(long now) {
        publishedTimes = handlerTimes.copy();
        lastPublish = now;
        unpublished = false;
    }

    private void failed(Message message, Throwable t) {
        FAILED.setOpaque(this, (long) FAILED.getOpaque(this) + 1);
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            // Out of memory and the like: log what we can and keep the loop alive if the JVM allows.
            log.error("call-core handler hit {} on {}", t, message);
            return;
        }
        log.error("call-core handler failed on {}", message, t);
    }
}
