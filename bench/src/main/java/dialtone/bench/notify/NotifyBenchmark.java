package dialtone.bench.notify;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dialtone.core.call.Call;
import dialtone.core.call.CallerId;
import dialtone.core.call.Capabilities;
import dialtone.core.call.Codec;
import dialtone.core.call.Leg;
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;
import dialtone.core.call.internal.CoreImpl;
import dialtone.core.call.internal.LoopSettings;
import dialtone.notify.internal.CallPublisher;

/**
 * What the notify observer costs the call-core loop: one whole call (placed, ringing, answered,
 * ended: four events) on the real loop, with the observer ({@code on}) and without ({@code off}).
 * The events go to an Event Admin that only counts them, so the figure is the loop's share and
 * the publishing thread's hand-off, not the feeds' formatting.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn" })
@State(Scope.Benchmark)
public class NotifyBenchmark {

    @Param({ "off", "on" })
    public String observer;

    private CoreImpl core;
    private CallPublisher publisher;
    private final AtomicLong published = new AtomicLong();
    private final Participant caller = new Quiet("bench/a");
    private final Participant called = new Quiet("bench/b");
    private final Media media = Media.of(List.of(Codec.PCMA));
    private final Offer offer = new Offer(CallerId.of("11"), "12", media);

    @Setup(Level.Trial)
    public void start() {
        core = new CoreImpl(LoopSettings.DEFAULTS);
        core.start();
        if (observer.equals("on")) {
            publisher = new CallPublisher(new EventAdmin() {
                @Override
                public void postEvent(Event event) {
                    published.incrementAndGet();
                }

                @Override
                public void sendEvent(Event event) {
                    published.incrementAndGet();
                }
            });
            core.addObserver(publisher);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        core.stop();
        if (publisher != null) {
            System.out.println("events published: " + published.get());
        }
    }

    @Benchmark
    public Object call() {
        core.query(() -> {
            Call call = core.calls().place(caller, offer, List.of(called));
            Leg target = call.legs().get(1);
            target.alerting();
            target.answer(media);
            call.origin().release(Reason.NORMAL);
            return null;
        }).join();
        // The four signals were posted behind the placing; this returns once they are handled.
        return core.query(() -> Boolean.TRUE).join();
    }

    private static final class Quiet implements Participant {
        private final String name;
        private final Capabilities capabilities = new Capabilities(EnumSet.of(Codec.PCMA), 1,
                EnumSet.noneOf(Capabilities.Feature.class));

        Quiet(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Capabilities capabilities() {
            return capabilities;
        }

        @Override
        public void offer(Leg leg, Offer offer) {
        }

        @Override
        public void alerting(Leg leg) {
        }

        @Override
        public void connected(Leg leg, Media media) {
        }

        @Override
        public void released(Leg leg, Reason reason) {
        }
    }
}
