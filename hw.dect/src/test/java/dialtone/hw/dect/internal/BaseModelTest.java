package dialtone.hw.dect.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dialtone.core.call.CallerId;
import dialtone.core.call.Capabilities;
import dialtone.core.call.Codec;
import dialtone.core.call.Leg;
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;
import dialtone.core.call.Routing;
import dialtone.core.call.internal.CoreImpl;
import dialtone.core.call.internal.LoopSettings;
import dialtone.hw.dect.BaseInfo;
import dialtone.hw.dect.DectCommand;
import dialtone.hw.dect.DectDriver;
import dialtone.hw.dect.DectEvent;
import dialtone.hw.dect.Subscription;
import dialtone.hw.dect.SubscriptionStore;

/** The handset model on a real call-core loop, with a driver scripted by the test. */
public class BaseModelTest {

    private static final BaseInfo REV2 = new BaseInfo(2, "test", 4, 8, List.of(Codec.G722, Codec.PCMA, Codec.PCMU));
    private static final Subscription HALL = new Subscription(1, "2DEC700001", "Hall",
            List.of(Codec.G722, Codec.PCMA, Codec.PCMU));

    private final CoreImpl core = new CoreImpl(LoopSettings.DEFAULTS);
    private final Recorder far = new Recorder("test/far");
    private final List<List<Subscription>> saved = new CopyOnWriteArrayList<>();
    private BaseModel model;

    @Before
    public void start() throws Exception {
        core.start();
        SubscriptionStore store = new SubscriptionStore() {
            public List<Subscription> load() {
                return List.of();
            }

            public void save(List<Subscription> subscriptions) {
                saved.add(subscriptions);
            }
        };
        BaseModel.Outside outside = new BaseModel.Outside() {
            public dialtone.audio.dev.AudioPaths audio() {
                return null; // signalling only: voice paths are seen in DectVoiceIT
            }

            public Routing routing() {
                return new Routing() {
                    public List<Participant> incoming(Participant line, Offer offer) {
                        return List.of();
                    }

                    public List<Participant> outgoing(Participant caller, String dialled) {
                        return dialled.equals("100") || dialled.equals("110") ? List.of(far) : List.of();
                    }

                    public boolean isComplete(Participant caller, String dialled) {
                        return dialled.equals("110");
                    }

                    public Duration interDigitTimeout() {
                        return Duration.ofMillis(300);
                    }
                };
            }

            public void publish(HandsetProxy handset, Subscription subscription) {
            }

            public void withdraw(HandsetProxy handset) {
            }
        };
        Supplier<Settings> settings = () -> new Settings(Duration.ofSeconds(60), Duration.ofMillis(300));
        model = new BaseModel(core, store, outside, settings);
        onLoop(() -> {
            model.restore(List.of(HALL));
            return null;
        });
    }

    @After
    public void stop() throws Exception {
        core.stop();
    }

    private <T> T onLoop(Supplier<T> query) throws Exception {
        return core.query(query).get(2, TimeUnit.SECONDS);
    }

    private ScriptedDriver plug(String device) throws Exception {
        ScriptedDriver driver = new ScriptedDriver(device);
        core.deliver(model::attach, driver);
        driver.emit(new DectEvent.BaseReady(REV2));
        assertEquals(new DectCommand.Subscribe(HALL), driver.next(DectCommand.Subscribe.class));
        driver.emit(new DectEvent.Presence(1, true));
        return driver;
    }

    private HandsetProxy hall() throws Exception {
        return onLoop(() -> model.handsets().get(1));
    }

    /** The far side calls Hall, Hall rings and answers wideband. */
    private void connectedCall(ScriptedDriver driver) throws Exception {
        HandsetProxy hall = hall();
        Offer offer = new Offer(CallerId.of("0301234567"), "dect/1", Media.of(List.of(Codec.PCMA, Codec.G722)));
        core.deliver(o -> far.leg = core.calls().place(far, o, List.of(hall)).origin(), offer);
        DectCommand.Setup setup = driver.next(DectCommand.Setup.class);
        assertEquals(List.of(Codec.PCMA, Codec.G722), setup.codecs());
        driver.emit(new DectEvent.Alerting(1));
        assertEquals("alerting", far.next());
        driver.emit(new DectEvent.Answer(1, Codec.G722));
        assertEquals("connected [G722]", far.next());
    }

    @Test
    public void aDriverUpdateDuringACallHoldsTheCallForTheNextDriver() throws Exception {
        ScriptedDriver first = plug("EMU-1");
        connectedCall(first);
        core.deliver(gone -> model.detach(gone, true), first);
        far.leg.release(Reason.NORMAL); // the far side hangs up meanwhile: the command is kept
        ScriptedDriver second = plug("EMU-1");
        assertEquals(new DectCommand.Release(1, Reason.NORMAL), second.next(DectCommand.Release.class));
        assertNull("nothing was released on the far side but its own hang-up", far.poll(100));
        HandsetProxy hall = hall();
        assertEquals(HandsetProxy.State.IDLE, onLoop(hall::state));
    }

    @Test
    public void heldCallsEndWhenNoDriverComesBack() throws Exception {
        ScriptedDriver driver = plug("EMU-1");
        connectedCall(driver);
        core.deliver(gone -> model.detach(gone, true), driver);
        assertNull(far.poll(150));
        assertEquals("released DEVICE_GONE", far.next());
    }

    @Test
    public void anUnplugEndsTheCallAtOnce() throws Exception {
        ScriptedDriver driver = plug("EMU-1");
        connectedCall(driver);
        driver.emit(new DectEvent.LinkLost("device unplugged"));
        assertEquals("released DEVICE_GONE", far.next());
        HandsetProxy hall = hall();
        assertEquals("1  Hall  ipui 2DEC700001  not reachable  IDLE  codecs [G722, PCMA, PCMU]",
                onLoop(hall::describe));
    }

    @Test
    public void aBusyHandsetRefusesASecondCallAndHangingUpWhileRingingRejects() throws Exception {
        ScriptedDriver driver = plug("EMU-1");
        connectedCall(driver);
        Recorder second = new Recorder("test/second");
        HandsetProxy hall = hall();
        core.deliver(o -> core.calls().place(second, o, List.of(hall)), new Offer(CallerId.of("2"), "dect/1",
                Media.of(List.of(Codec.PCMA))));
        assertEquals("released BUSY", second.next());
        driver.emit(new DectEvent.Release(1, Reason.NORMAL));
        assertEquals("released NORMAL", far.next());

        core.deliver(o -> second.leg = core.calls().place(second, o, List.of(hall)).origin(),
                new Offer(CallerId.of("2"), "dect/1", Media.of(List.of(Codec.PCMA))));
        driver.next(DectCommand.Setup.class);
        driver.emit(new DectEvent.Release(1, Reason.NORMAL));
        assertEquals("released REJECTED", second.next());
    }

    @Test
    public void overlapDiallingPlacesTheCallAfterTheInterDigitTimeout() throws Exception {
        ScriptedDriver driver = plug("EMU-1");
        driver.emit(new DectEvent.OffHook(1));
        driver.emit(new DectEvent.Keypad(1, "1"));
        driver.emit(new DectEvent.Keypad(1, "00"));
        assertTrue(far.next().startsWith("offer 100 from Hall <1> [G722, PCMA, PCMU]"));
        assertEquals(new DectCommand.Display(1, "calling 100"), driver.next(DectCommand.Display.class));
    }

    @Test
    public void aNumberTheRoutingCallsCompleteIsDialledAtOnce() throws Exception {
        ScriptedDriver driver = plug("EMU-1");
        driver.emit(new DectEvent.OffHook(1));
        driver.emit(new DectEvent.Keypad(1, "11"));
        assertNull(far.poll(100));
        driver.emit(new DectEvent.Keypad(1, "0"));
        assertTrue(far.poll(200).startsWith("offer 110 from Hall <1>"));
        HandsetProxy hall = hall();
        assertTrue(onLoop(hall::isAvailable));
        assertEquals("handset", hall.kind());
    }

    @Test
    public void aNumberThatLeadsNowhereIsShownOnTheHandset() throws Exception {
        ScriptedDriver driver = plug("EMU-1");
        driver.emit(new DectEvent.Dial(1, "999"));
        assertEquals(new DectCommand.Release(1, Reason.UNKNOWN_NUMBER), driver.next(DectCommand.Release.class));
        assertEquals(new DectCommand.Display(1, "number unknown"), driver.next(DectCommand.Display.class));
    }

    @Test
    public void aNewHandsetSubscribesOnlyWhileTheWindowIsOpen() throws Exception {
        ScriptedDriver driver = plug("EMU-1");
        driver.emit(new DectEvent.SubscriptionRequest("2DEC700002", List.of(Codec.PCMA)));
        assertEquals(new DectCommand.Refuse("2DEC700002"), driver.next(DectCommand.Refuse.class));
        onLoop(() -> model.registration(true));
        driver.emit(new DectEvent.SubscriptionRequest("2DEC700002", List.of(Codec.PCMA)));
        Subscription added = new Subscription(2, "2DEC700002", "Handset 2", List.of(Codec.PCMA));
        assertEquals(new DectCommand.Subscribe(added), driver.next(DectCommand.Subscribe.class));
        onLoop(() -> null); // the save follows the command on the loop
        assertEquals(List.of(HALL, added), saved.get(saved.size() - 1));
    }

    /** A driver whose dongle the test plays: it records commands and emits events on the test thread. */
    private static final class ScriptedDriver implements DectDriver {
        private final String device;
        private final BlockingQueue<DectCommand> commands = new LinkedBlockingQueue<>();
        private volatile Consumer<DectEvent> events;

        ScriptedDriver(String device) {
            this.device = device;
        }

        void emit(DectEvent event) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (events == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            events.accept(event);
        }

        <C extends DectCommand> C next(Class<C> type) throws InterruptedException {
            while (true) {
                DectCommand command = commands.poll(2, TimeUnit.SECONDS);
                if (command == null) {
                    throw new AssertionError("no " + type.getSimpleName() + " sent");
                }
                if (type.isInstance(command)) {
                    return type.cast(command);
                }
            }
        }

        public int revision() {
            return 2;
        }

        public String device() {
            return device;
        }

        public String describe() {
            return "scripted driver on " + device;
        }

        public void start(Consumer<DectEvent> sink) {
            events = sink;
        }

        public void send(DectCommand command) {
            commands.add(command);
        }
    }

    /** A participant that writes down what the call core tells it. */
    private static final class Recorder implements Participant {
        private final String name;
        private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        volatile Leg leg;

        Recorder(String name) {
            this.name = name;
        }

        String next() throws InterruptedException {
            String event = heard.poll(2, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError(name + " heard nothing");
            }
            return event;
        }

        String poll(long millis) throws InterruptedException {
            return heard.poll(millis, TimeUnit.MILLISECONDS);
        }

        public String name() {
            return name;
        }

        public Capabilities capabilities() {
            return new Capabilities(EnumSet.of(Codec.G722, Codec.PCMA, Codec.PCMU), 4,
                    EnumSet.noneOf(Capabilities.Feature.class));
        }

        public void offer(Leg offered, Offer offer) {
            leg = offered;
            heard.add("offer " + offer.called() + " from " + offer.caller() + " " + offer.media().codecs());
        }

        public void alerting(Leg ringing) {
            heard.add("alerting");
        }

        public void connected(Leg answered, Media media) {
            heard.add("connected " + media.codecs());
        }

        public void released(Leg released, Reason reason) {
            heard.add("released " + reason);
        }
    }
}
