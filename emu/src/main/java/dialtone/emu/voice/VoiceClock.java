package dialtone.emu.voice;

import java.util.concurrent.TimeUnit;

/**
 * An emulated device's voice clock: a thread of its own that runs a tick every 20 ms on an
 * absolute grid, as a device's PCM clock sends a frame per channel every 20 ms, until stopped.
 */
public final class VoiceClock {

    private static final long PERIOD = TimeUnit.MILLISECONDS.toNanos(20);

    private final String name;
    private final Runnable tick;
    private volatile Thread thread;

    /** @param tick what one 20 ms tick does; it runs on the clock's thread and must not block long */
    public VoiceClock(String name, Runnable tick) {
        this.name = name;
        this.tick = tick;
    }

    /** Starts the thread; a clock runs once. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(name + " runs already");
        }
        Thread started = new Thread(this::run, name);
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    /** Stops the thread; a tick under way finishes. */
    public void stop() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
        }
    }

    private void run() {
        long next = System.nanoTime();
        while (thread == Thread.currentThread()) {
            next += PERIOD;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            tick.run();
        }
    }
}
