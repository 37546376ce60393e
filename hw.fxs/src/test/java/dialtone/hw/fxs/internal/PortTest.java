package dialtone.hw.fxs.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dialtone.audio.dev.AudioPath;
import dialtone.audio.dev.AudioPaths;
import dialtone.audio.dev.DeviceChannel;
import dialtone.audio.dev.PathStats;
import dialtone.audio.dev.Tone;
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
import dialtone.hw.fxs.FxsEvent;

/** A port on the real call core, with a recording driver, recording voice paths and a far side the test plays. */
public class PortTest {

    /** A voice path that records what it was told. */
    static final class FakePath implements AudioPath {
        final int number;
        volatile Tone tone = Tone.NONE;
        volatile URI remote;
        volatile Codec codec;
        volatile boolean held;
        volatile boolean closed;
        final List<Character> sent = new CopyOnWriteArrayList<>();

        FakePath(int number) {
            this.number = number;
        }

        @Override
        public String name() {
            return "path" + number;
        }

        @Override
        public URI local() {
            return URI.create("rtp://127.0.0.1:" + (26500 + 2 * number));
        }

        @Override
        public void connect(String callId, URI to, Codec with, int eventPayloadType) {
            remote = to;
            codec = with;
        }

        @Override
        public void tone(Tone newTone) {
            tone = newTone;
        }

        @Override
        public void hold(boolean isHeld) {
            held = isHeld;
        }

        volatile boolean muted;

        @Override
        public void mute(boolean isMuted) {
            muted = isMuted;
        }

        volatile DeviceChannel channel;

        @Override
        public void channel(DeviceChannel newChannel) {
            channel = newChannel;
        }

        @Override
        public void dtmf(char digit) {
            sent.add(digit);
        }

        @Override
        public PathStats stats() {
            return null;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final class FakeAudio implements AudioPaths {
        final List<FakePath> opened = new CopyOnWriteArrayList<>();

        @Override
        public AudioPath open(String name, DeviceChannel channel, Codec law) {
            FakePath path = new FakePath(opened.size());
            opened.add(path);
            return path;
        }

        @Override
        public List<PathStats> paths() {
            return List.of();
        }

        @Override
        public int active() {
            return (int) opened.stream().filter(p -> !p.closed).count();
        }

        FakePath last() {
            return opened.get(opened.size() - 1);
        }
    }

    /** The far side: a participant whose legs the test answers, rings and releases. */
    static class FarSide implements Participant {
        final List<Leg> offered = new CopyOnWriteArrayList<>();
        final List<String> told = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "line/far";
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(Set.of(Codec.PCMA, Codec.PCMU, Codec.TELEPHONE_EVENT), 4, Set.of());
        }

        @Override
        public void offer(Leg leg, Offer offer) {
            offered.add(leg);
        }

        @Override
        public void alerting(Leg leg) {
        }

        @Override
        public void connected(Leg leg, Media media) {
            told.add("connected " + media.endpoint());
        }

        @Override
        public void released(Leg leg, Reason reason) {
            told.add("released " + reason);
        }

        @Override
        public void held(Leg leg) {
            told.add("held " + leg.call().id());
        }

        @Override
        public void resumed(Leg leg) {
            told.add("resumed " + leg.call().id());
        }
    }

    private CoreImpl core;
    private final RingerTest.RecordingDriver driver = new RingerTest.RecordingDriver();
    private final FakeAudio audio = new FakeAudio();
    private final FarSide far = new FarSide();
    private final List<String> dialled = new CopyOnWriteArrayList<>();
    private Port port;
    private long adapterClock;
    /** The dial plan's inter-digit timeout. */
    private volatile Duration interDigit = Duration.ofMillis(300);

    @Before
    public void start() {
        core = new CoreImpl(LoopSettings.DEFAULTS);
        core.start();
        Routing routing = new Routing() {
            @Override
            public List<Participant> incoming(Participant line, Offer offer) {
                return List.of();
            }

            @Override
            public List<Participant> outgoing(Participant caller, String number) {
                dialled.add(number);
                return number.startsWith("0") ? List.of() : List.of(far);
            }

            @Override
            public boolean isComplete(Participant caller, String number) {
                return number.equals("112");
            }

            @Override
            public Duration interDigitTimeout() {
                return interDigit;
            }
        };
        PortSettings d = PortSettings.DEFAULTS;
        PortSettings fast = new PortSettings(RingCadence.of("us"), Duration.ofMillis(300), d.pulseBreak(),
                Duration.ofMillis(400), Duration.ofMillis(150), Duration.ofMillis(100));
        port = new Port(core, "fxs/1", "21", driver, 0, audio, () -> routing, fast);
    }

    @After
    public void stop() throws Exception {
        core.stop();
    }

    private void hook(boolean offHook, long afterMillis) {
        adapterClock += afterMillis;
        port.mailbox().post(new FxsEvent.Hook(0, offHook, adapterClock));
    }

    private void dtmf(String digits) {
        for (char digit : digits.toCharArray()) {
            port.mailbox().post(new FxsEvent.Dtmf(0, digit, adapterClock));
        }
    }

    private void flash() {
        hook(false, 10);
        hook(true, 250);
    }

    private <T> T onLoop(Supplier<T> query) throws Exception {
        return core.query(query).get(2, TimeUnit.SECONDS);
    }

    /** Waits (at most 3 s) until the condition holds on the loop. */
    private void await(String what, Supplier<Boolean> condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!onLoop(condition)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + "; port: " + onLoop(port::describe));
            }
            Thread.sleep(10);
        }
    }

    /** Lifts the handset, dials, and has the far side answer; returns the far side's leg. */
    private Leg talking(String number) throws Exception {
        int before = far.offered.size();
        hook(true, 1000);
        dtmf(number + "#");
        await("the offer", () -> far.offered.size() > before);
        Leg leg = far.offered.get(far.offered.size() - 1);
        leg.answer(new Media(List.of(Codec.PCMA, Codec.TELEPHONE_EVENT), URI.create("rtp://127.0.0.1:26900")));
        await("talking", () -> port.phase() == Port.Phase.TALKING);
        return leg;
    }

    @Test
    public void liftingGivesDialToneAndTheFirstDigitStopsIt() throws Exception {
        hook(true, 1000);
        await("a path", () -> !audio.opened.isEmpty());
        assertEquals(Tone.DIAL, audio.last().tone);
        assertTrue(driver.commands.contains("voice 0 PCMU"));
        dtmf("1");
        await("dialling", () -> audio.last().tone == Tone.NONE);
        assertEquals(Port.Phase.DIALING, onLoop(port::phase));
    }

    @Test
    public void digitsGoToTheDialPlanAfterTheInterDigitTimeout() throws Exception {
        hook(true, 1000);
        dtmf("12");
        Thread.sleep(100);
        dtmf("3");
        await("the offer", () -> !far.offered.isEmpty());
        assertEquals(List.of("123"), dialled);
        Offer offer = far.offered.get(0).call().offer();
        assertEquals("123", offer.called());
        assertEquals(new CallerId("21", "fxs/1"), offer.caller());
        assertEquals(audio.last().local(), offer.media().endpoint());
        assertEquals(Port.Phase.CALLING, onLoop(port::phase));
    }

    @Test
    public void aNumberTheDialPlanCallsCompleteIsDialledAtOnce() throws Exception {
        interDigit = Duration.ofMinutes(1); // only a complete number can be dialled within the wait below
        hook(true, 1000);
        dtmf("112");
        await("the offer", () -> !far.offered.isEmpty());
        assertEquals(List.of("112"), dialled);
        assertEquals("port", port.kind());
    }

    @Test
    public void pulseDigitsAreCollectedLikeDtmf() throws Exception {
        hook(true, 1000);
        for (int digit : new int[] { 4, 2 }) {
            for (int i = 0; i < digit; i++) {
                hook(false, 40);
                hook(true, 60);
            }
            adapterClock += 500;
        }
        await("the offer", () -> !far.offered.isEmpty());
        assertEquals(List.of("42"), dialled);
    }

    @Test
    public void aNumberThatLeadsNowhereGivesCongestionTone() throws Exception {
        hook(true, 1000);
        dtmf("0815#");
        await("congestion", () -> audio.last().tone == Tone.CONGESTION);
        assertEquals(Port.Phase.FAILED, onLoop(port::phase));
        assertTrue(far.offered.isEmpty());
    }

    /** Lifts the handset and dials 5#, which the test dial plan offers to the far side; its leg. */
    private Leg dialFive() throws Exception {
        hook(true, 1000);
        dtmf("5#");
        await("the offer", () -> !far.offered.isEmpty());
        return far.offered.get(0);
    }

    @Test
    public void ringbackThenVoiceToTheAnsweringEndpoint() throws Exception {
        Leg leg = dialFive();
        leg.alerting();
        await("ringback", () -> audio.last().tone == Tone.RINGBACK);
        leg.answer(new Media(List.of(Codec.PCMA, Codec.TELEPHONE_EVENT), URI.create("rtp://127.0.0.1:26900")));
        await("talking", () -> port.phase() == Port.Phase.TALKING);
        FakePath path = audio.last();
        assertEquals(URI.create("rtp://127.0.0.1:26900"), path.remote);
        assertEquals(Codec.PCMA, path.codec);
        assertEquals(Tone.NONE, path.tone);
        assertTrue(driver.commands.contains("voice 0 PCMA"));
        dtmf("7");
        await("the digit as an event", () -> path.sent.contains('7'));
    }

    @Test
    public void earlyMediaReplacesTheRingbackToneAndTheAnswerKeepsTheVoiceGoing() throws Exception {
        Leg leg = dialFive();
        leg.alerting();
        await("ringback", () -> audio.last().tone == Tone.RINGBACK);
        leg.updateMedia(new Media(List.of(Codec.PCMU), URI.create("rtp://127.0.0.1:26902")));
        FakePath path = audio.last();
        await("the far side's announcement instead of ringback", () -> path.tone == Tone.NONE);
        assertEquals(URI.create("rtp://127.0.0.1:26902"), path.remote);
        assertEquals(Port.Phase.CALLING, port.phase());
        leg.release(Reason.UNAVAILABLE);
        await("congestion after the announcement", () -> path.tone == Tone.CONGESTION);
    }

    @Test
    public void whileTheFarSideHoldsThePortSendsNothingButStillPlaysWhatComes() throws Exception {
        Leg leg = dialFive();
        leg.answer(new Media(List.of(Codec.PCMU), URI.create("rtp://127.0.0.1:26900")));
        await("talking", () -> port.phase() == Port.Phase.TALKING);
        FakePath path = audio.last();
        leg.hold();
        await("muted", () -> path.muted);
        assertFalse("the phone still hears the far side (its music on hold)", path.held);
        leg.resume();
        await("sending again", () -> !path.muted);
    }

    @Test
    public void aFarSideThatMovesItsMediaIsFollowedInTheLawInUse() throws Exception {
        Leg leg = dialFive();
        leg.answer(new Media(List.of(Codec.PCMA, Codec.PCMU), URI.create("rtp://127.0.0.1:26900")));
        await("talking", () -> port.phase() == Port.Phase.TALKING);
        FakePath path = audio.last();
        int voiceStarts = (int) driver.commands.stream().filter(c -> c.startsWith("voice 0 P")).count();
        leg.updateMedia(new Media(List.of(Codec.PCMU, Codec.PCMA), URI.create("rtp://192.0.2.7:40000")));
        await("the path moved", () -> URI.create("rtp://192.0.2.7:40000").equals(path.remote));
        assertEquals("PCMA is still taken: the line stays in it", Codec.PCMA, path.codec);
        assertEquals("no restart of the voice channel", voiceStarts,
                driver.commands.stream().filter(c -> c.startsWith("voice 0 P")).count());
        leg.updateMedia(new Media(List.of(Codec.G722), URI.create("rtp://192.0.2.7:40002")));
        await("congestion: no G.711 left", () -> path.tone == Tone.CONGESTION);
        assertEquals(Port.Phase.FAILED, port.phase());
        await("the far side released", () -> far.told.contains("released INCOMPATIBLE_MEDIA"));
    }

    @Test
    public void aBusyFarSideGivesBusyToneAndHangingUpFreesThePath() throws Exception {
        dialFive().release(Reason.BUSY);
        await("busy tone", () -> audio.last().tone == Tone.BUSY);
        hook(false, 100);
        await("on-hook", () -> !port.offHookNow());
        assertTrue(audio.last().closed);
        assertTrue(driver.commands.contains("voice 0 null"));
    }

    @Test
    public void flashHoldsTheCallGivesDialToneAndTogglesBetweenTwoCalls() throws Exception {
        Leg first = talking("5");
        FakePath firstPath = audio.last();
        flash();
        await("second dial tone", () -> audio.opened.size() == 2 && audio.last().tone == Tone.DIAL);
        assertTrue(firstPath.held);
        await("the far side told of hold", () -> far.told.contains("held " + first.call().id()));

        dtmf("6#");
        await("second offer", () -> far.offered.size() == 2);
        Leg second = far.offered.get(1);
        second.answer(new Media(List.of(Codec.PCMU), URI.create("rtp://127.0.0.1:26902")));
        await("talking on the second", () -> port.phase() == Port.Phase.TALKING && port.holding());
        FakePath secondPath = audio.last();

        flash();
        await("back to the first", () -> !firstPath.held && secondPath.held);
        await("the far side told of resume", () -> far.told.contains("resumed " + first.call().id()));
        flash();
        await("toggled again", () -> firstPath.held && !secondPath.held);

        hook(false, 100);
        await("on-hook", () -> !port.offHookNow());
        await("both released", () -> first.state() == dialtone.core.call.LegState.RELEASED
                && second.state() == dialtone.core.call.LegState.RELEASED);
        assertTrue(firstPath.closed && secondPath.closed);
    }

    @Test
    public void flashWhileDiallingTheSecondCallGoesBackToTheFirst() throws Exception {
        talking("5");
        FakePath firstPath = audio.last();
        flash();
        await("second dial tone", () -> audio.opened.size() == 2);
        FakePath dialPath = audio.last();
        flash();
        await("back to the first", () -> !firstPath.held && port.phase() == Port.Phase.TALKING);
        assertTrue(dialPath.closed);
    }

    @Test
    public void anOfferedCallSendsCallerIdRingsAndIsAnsweredByLiftingTheHandset() throws Exception {
        core.post(new dialtone.core.call.Message.Delivery<>(x -> core.calls().place(far,
                new Offer(new CallerId("5551234", "Alice"), "1",
                        new Media(List.of(Codec.PCMU, Codec.TELEPHONE_EVENT), URI.create("rtp://127.0.0.1:26904"))),
                List.of(port)), null));
        await("ringing", () -> driver.commands.contains("ring 0 on"));
        assertEquals("cid 0 Alice <5551234>", driver.commands.get(0));
        hook(true, 1000);
        await("answered", () -> port.phase() == Port.Phase.TALKING);
        assertEquals(URI.create("rtp://127.0.0.1:26904"), audio.last().remote);
        assertEquals(Codec.PCMU, audio.last().codec);
        assertTrue(driver.commands.contains("ring 0 off"));
        await("the far side connected", () -> far.told.stream().anyMatch(t -> t.startsWith("connected rtp://")));
    }

    @Test
    public void aSecondCallWhileTalkingWaitsAndFlashAnswersIt() throws Exception {
        Leg first = talking("5");
        FakePath firstPath = audio.last();
        core.post(new dialtone.core.call.Message.Delivery<>(x -> core.calls().place(far,
                new Offer(CallerId.of("777"), "1", new Media(List.of(Codec.PCMU), URI.create("rtp://127.0.0.1:26906"))),
                List.of(port)), null));
        await("call waiting tone", () -> firstPath.tone == Tone.CALL_WAITING);
        flash();
        await("second answered", () -> audio.opened.size() == 2 && port.phase() == Port.Phase.TALKING);
        assertTrue(firstPath.held);
        assertEquals(URI.create("rtp://127.0.0.1:26906"), audio.last().remote);
        assertTrue(onLoop(port::holding));
        assertNotNull(first);
    }

    @Test
    public void aReplacedDriverTakesOverTheCallWithItsVoiceChannel() throws Exception {
        Leg far = talking("5");
        FakePath path = audio.last();
        DeviceChannel replacement = new DeviceChannel() {
            @Override
            public boolean read(byte[] frame) {
                return false;
            }

            @Override
            public void write(byte[] frame) {
            }
        };
        RingerTest.RecordingDriver next = new RingerTest.RecordingDriver() {
            @Override
            public DeviceChannel channel(int port) {
                return replacement;
            }
        };
        core.deliver(Port::suspend, port);
        core.deliver(p -> p.rebind(next), port);
        await("the path on the new channel", () -> path.channel == replacement);
        assertEquals(List.of("voice 0 PCMA"), next.commands);
        assertEquals(Port.Phase.TALKING, onLoop(port::phase));
        assertEquals(dialtone.core.call.LegState.CONNECTED, onLoop(far::state));
        dtmf("9");
        await("keys still go out", () -> path.sent.contains('9'));
    }

    @Test
    public void aBusyPortRefusesAThirdCall() throws Exception {
        hook(true, 1000);
        await("dial tone", () -> !audio.opened.isEmpty());
        List<Reason> reasons = new ArrayList<>();
        Participant caller = new FarSide() {
            @Override
            public void released(Leg leg, Reason reason) {
                reasons.add(reason);
            }
        };
        core.post(new dialtone.core.call.Message.Delivery<>(x -> core.calls().place(caller,
                new Offer(CallerId.of("777"), "1", new Media(List.of(Codec.PCMU), null)), List.of(port)), null));
        await("busy", () -> reasons.contains(Reason.BUSY));
    }
}
