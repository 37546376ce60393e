package dialtone.bench.loop;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dialtone.core.call.internal.CoreImpl;
import dialtone.core.call.internal.LoopSettings;

/**
 * The call-core loop against a bare hand-off through the same queue.
 * <p>
 * {@code throughput}: each producer posts as fast as the consumer keeps up, with at most
 * {@value #WINDOW} of its messages in flight (an unbounded queue would otherwise only measure the
 * heap). {@code latency}: each producer posts one message and waits until it has been handled, so
 * the sample is the time from post to the handler having run and the producer seeing it.
 */
public class LoopBenchmark {

    static final int WINDOW = 4096;

    /** Either the real loop or the bare hand-off. */
    @State(Scope.Benchmark)
    public static class Target {
        @Param({ "loop", "bare" })
        public String kind;

        CoreImpl core;
        BareHandoff bare;

        @Setup(Level.Trial)
        public void start() {
            if (kind.equals("loop")) {
                core = new CoreImpl(LoopSettings.DEFAULTS);
                core.start();
            } else {
                bare = new BareHandoff();
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            if (core != null) {
                core.stop();
            } else {
                bare.stop();
            }
        }

        <E> void deliver(Consumer<? super E> recipient, E event) {
            if (core != null) {
                core.deliver(recipient, event);
            } else {
                bare.deliver(recipient, event);
            }
        }
    }

    /**
     * One producer's counters. The handler acknowledges on the consumer thread with an ordered
     * store, and the producer looks at the window only every 64 posts, so the harness itself adds
     * no fence and little cache traffic per message.
     */
    @State(Scope.Thread)
    public static class Producer {
        long posted;
        final AtomicLong handled = new AtomicLong();
        final Consumer<Long> ack = handled::lazySet;
    }

    @Benchmark
    public void throughput(Target target, Producer producer) {
        if ((producer.posted & 63) == 0) {
            while (producer.posted - producer.handled.get() >= WINDOW) {
                Thread.yield();
            }
        }
        target.deliver(producer.ack, ++producer.posted);
    }

    @Benchmark
    public void latency(Target target, Producer producer) {
        long sequence = ++producer.posted;
        target.deliver(producer.ack, sequence);
        while (producer.handled.get() != sequence) {
            Thread.onSpinWait();
        }
    }

}
