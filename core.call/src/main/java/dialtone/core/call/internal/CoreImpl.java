package dialtone.core.call.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dialtone.core.call.CallCore;
import dialtone.core.call.CallObserver;
import dialtone.core.call.CallerNames;
import dialtone.core.call.Calls;
import dialtone.core.call.LoopStats;
import dialtone.core.call.Message;
import dialtone.core.call.Timers;

/**
 * The call core without OSGi: the loop, its clock thread (timers and the watchdog), and the calls.
 * The component registers it as a service; tests and benchmarks use it as it is.
 */
public class CoreImpl implements CallCore {

    private final EventLoop loop;
    private final ScheduledThreadPoolExecutor clock;
    private final Watchdog watchdog;
    private final TimerService timers;
    private final CallRegistry calls;
    private ScheduledFuture<?> watching;
    private volatile LoopSettings settings;

    public CoreImpl(LoopSettings settings) {
        this(settings, Watchdog.LOGGING);
    }

    CoreImpl(LoopSettings settings, Watchdog.Listener listener) {
        this.settings = settings;
        loop = new EventLoop(this::dispatch, settings.handlerLimit().toNanos());
        clock = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = Executors.defaultThreadFactory().newThread(runnable);
            thread.setName("call-core-clock");
            thread.setDaemon(true);
            return thread;
        });
        clock.setRemoveOnCancelPolicy(true);
        watchdog = new Watchdog(loop, listener, settings.handlerLimit().toNanos(), settings.stallLimit().toNanos());
        LoopGuard guard = loop::inLoop;
        timers = new TimerService(clock, loop, guard);
        calls = new CallRegistry(loop, guard);
    }

    public void start() {
        loop.start();
        watch();
    }

    public void stop() throws InterruptedException {
        clock.shutdownNow();
        loop.stop(TimeUnit.SECONDS.toMillis(2));
    }

    /** Applies new limits without restarting the loop. */
    public synchronized void apply(LoopSettings settings) {
        this.settings = settings;
        loop.setSlowHandlerNanos(settings.handlerLimit().toNanos());
        watchdog.limits(settings.handlerLimit().toNanos(), settings.stallLimit().toNanos());
        watch();
    }

    private synchronized void watch() {
        if (watching != null) {
            watching.cancel(false);
        }
        long period = watchdog.periodNanos();
        watching = clock.scheduleAtFixedRate(watchdog, period, period, TimeUnit.NANOSECONDS);
    }

    private void dispatch(Message message) {
        if (message instanceof Message.Delivery<?> delivery) {
            deliver(delivery);
        } else if (message instanceof Message.Signal signal) {
            ((LegImpl) signal.leg()).call.handle(signal);
        } else if (message instanceof Message.Timeout timeout) {
            TimerService.expire(timeout);
        }
    }

    private static <E> void deliver(Message.Delivery<E> delivery) {
        delivery.recipient().accept(delivery.event());
    }

    @Override
    public void post(Message message) {
        loop.post(message);
    }

    @Override
    public Calls calls() {
        return calls;
    }

    @Override
    public Timers timers() {
        return timers;
    }

    @Override
    public boolean inLoop() {
        return loop.inLoop();
    }

    @Override
    public LoopStats stats() {
        LoopSettings current = settings;
        return loop.stats(current.handlerLimit(), current.stallLimit());
    }

    /** Where callers' names come from; null for none. */
    public void setCallerNames(CallerNames names) {
        calls.setCallerNames(names);
    }

    /** Lets {@code observer} hear every call's steps, on the call-core thread. */
    public void addObserver(CallObserver observer) {
        calls.addObserver(observer);
    }

    public void removeObserver(CallObserver observer) {
        calls.removeObserver(observer);
    }

    /** The loop itself, for benchmarks that compare it with a bare queue. */
    public EventLoop loop() {
        return loop;
    }

    ScheduledExecutorService clock() {
        return clock;
    }
}
