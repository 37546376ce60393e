package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import dialtone.core.call.Call;
import dialtone.core.call.CallerId;
import dialtone.core.call.Codec;
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;
import dialtone.core.call.Routing;

/**
 * The voice of DECT handsets, through the emulated base's voice frames, the revision drivers, the
 * voice thread and RTP on 127.0.0.1: what a handset's mouthpiece sends must reach an RTP echo, an
 * analog phone or another handset byte for byte, in G.711 and in wideband G.722, and keep doing so
 * when the driver is updated during the call.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DectVoiceIT extends DialtoneTestBase {

    private static final int ECHO_PORT = 26820;
    private static final URI ECHO = URI.create("rtp://127.0.0.1:" + ECHO_PORT);
    private static final Pattern COUNTERS = Pattern.compile("sent (\\d+), heard (\\d+) intact");

    private final TestParticipant far = new TestParticipant("test/far");
    private final EmulatedHandsets handsets = new EmulatedHandsets(this);
    private ServiceRegistration<Routing> routing;
    private RtpEcho echo;

    @Before
    public void start() throws Exception {
        routing = new TestRouting().route("42", far).register(context);
        echo = new RtpEcho(ECHO_PORT);
    }

    @After
    public void stop() throws Exception {
        try {
            echo.close();
            if (routing != null) {
                routing.unregister();
            }
        } finally {
            shell("emu:unplug fxs");
            handsets.reset();
        }
    }

    @Test
    public void aHandsetsWidebandVoiceComesBackFromTheFarSidesEcho() throws Exception {
        handsets.plugAndSubscribe(2, 1);
        handsets.act(1, "dial 42");
        Offer offer = (Offer) far.next("offer").detail();
        assertTrue("the handset offers its voice path: " + offer.media(),
                offer.media().endpoint().toString().startsWith("rtp://127.0.0.1:26"));
        assertEquals(List.of(Codec.G722, Codec.PCMA, Codec.PCMU), offer.media().codecs());
        far.leg().answer(new Media(List.of(Codec.G722), ECHO));
        handsets.await(1, "call connected 42 G722");

        int before = intact(1);
        handsets.act(1, "signal");
        Thread.sleep(2000);
        int back = intact(1) - before;
        assertTrue("of 100 frames sent in 2 s, only " + back + " came back intact", back > 60);
        assertEquals("G.722 on the wire", List.of(9), echo.payloadTypes());
        assertTrue(shell("audio:paths"), shell("audio:paths").contains("dect/1 G722 rtp://127.0.0.1:26"));

        handsets.act(1, "onhook");
        assertEquals(Reason.NORMAL, far.next("released").detail());
        awaitShellWithout("audio:paths", "dect/1");
    }

    @Test
    public void aHandsetHearsTheFarSidesEarlyMediaWhileItRingsThenTheBusyNumber() throws Exception {
        handsets.plugAndSubscribe(2, 1);
        handsets.act(1, "dial 42");
        far.next("offer");
        far.leg().alerting();
        // The far side plays its own ringing or an announcement before any answer (a 183 with SDP).
        far.leg().updateMedia(new Media(List.of(Codec.PCMA), ECHO));
        handsets.await(1, "call ringback 42 PCMA");
        handsets.act(1, "signal");
        Thread.sleep(1500);
        assertTrue("heard before the answer: " + handsets.show(1), intact(1) > 40);
        assertEquals(List.of(8), echo.payloadTypes());
        far.leg().release(Reason.BUSY);
        handsets.await(1, "call idle");
        awaitShellWithout("audio:paths", "dect/1");
    }

    @Test
    public void aRevisionOneHandsetAnswersAndTalksInG711() throws Exception {
        handsets.plugAndSubscribe(1, 1);
        Offer offer = new Offer(new CallerId("0301234567", "Alice"), "dect/1", new Media(List.of(Codec.PCMU), ECHO));
        Participant handset = handset(1);
        Call call = onLoop(() -> core.calls().place(far, offer, List.of(handset)));
        far.useLeg(call.origin());
        far.next("alerting");
        handsets.await(1, "ringing yes");
        handsets.act(1, "answer");
        Media answer = (Media) far.next("connected").detail();
        assertEquals(List.of(Codec.PCMU), answer.codecs());
        assertTrue(answer.toString(), answer.endpoint().toString().startsWith("rtp://127.0.0.1:26"));

        handsets.act(1, "signal");
        Thread.sleep(2000);
        assertTrue("only " + intact(1) + " frames came back intact in 2 s", intact(1) > 60);
        assertEquals("µ-law on the wire", List.of(0), echo.payloadTypes());
        far.leg().release(Reason.NORMAL);
        handsets.await(1, "call idle");
        awaitShellWithout("audio:paths", "dect/1");
    }

    @Test
    public void aHandsetAndAnAnalogPhoneHearEachOther() throws Exception {
        routing.unregister(); // the exchange's own dial plan routes **91 to the first analog port
        routing = null;
        assertTrue(shell("emu:plug fxs").contains("plugged emulated FXS adapter"));
        awaitShell("fxs:ports", "fxs/4 on-hook");
        handsets.plugAndSubscribe(2, 1);
        handsets.act(1, "dial '**91'");
        awaitShell("emu:port 1", "bell ringing");
        shell("emu:port 1 offhook");
        handsets.await(1, "call connected **91 PCMA");

        handsets.act(1, "signal");
        Thread.sleep(1500);
        handsets.act(1, "quiet");
        String phone = shell("emu:port 1");
        Matcher heard = COUNTERS.matcher(phone);
        assertTrue(phone, heard.find() && Integer.parseInt(heard.group(2)) > 40);

        shell("emu:port 1 signal");
        Thread.sleep(1500);
        assertTrue("the handset hears the phone: " + handsets.show(1), intact(1) > 40);
        shell("emu:port 1 onhook");
        handsets.await(1, "call idle");
    }

    @Test
    public void twoHandsetsTalkInWidebandThroughTheExchange() throws Exception {
        routing.unregister();
        routing = null;
        handsets.plugAndSubscribe(2, 1, 2);
        handsets.act(1, "dial '**2'");
        handsets.await(2, "ringing yes");
        handsets.act(2, "answer");
        handsets.await(1, "call connected **2 G722");
        handsets.act(1, "signal");
        Thread.sleep(1500);
        assertTrue("handset 2 hears handset 1: " + handsets.show(2), intact(2) > 40);
        handsets.act(2, "onhook");
        handsets.await(1, "call idle");
    }

    @Test
    public void theVoiceGoesOnWhenTheDriverIsUpdatedDuringTheCall() throws Exception {
        handsets.plugAndSubscribe(2, 1);
        handsets.act(1, "dial 42");
        far.next("offer");
        far.leg().answer(new Media(List.of(Codec.PCMA), ECHO));
        handsets.await(1, "call connected 42 PCMA");
        handsets.act(1, "signal");
        Thread.sleep(1000);
        int before = intact(1);
        assertTrue("voice before the update: " + before, before > 25);

        Bundle driver = installed("dialtone.hw.dect.rev2");
        driver.update();
        awaitShell("dect:handsets", "1  Handset 1  ipui 2DEC700001  reachable  CONNECTED");
        Thread.sleep(2000);
        int after = intact(1) - before;
        assertTrue("only " + after + " frames came back intact in the 2 s after the update", after > 50);
        assertTrue("the far side heard nothing of the update: " + far.pending(), far.pending().isEmpty());
        handsets.act(1, "onhook");
        assertEquals(Reason.NORMAL, far.next("released").detail());
    }

    /** How many test-signal frames the handset heard intact. */
    private int intact(int slot) throws Exception {
        String shown = handsets.show(slot);
        Matcher counters = COUNTERS.matcher(shown);
        return counters.find() ? Integer.parseInt(counters.group(2)) : 0;
    }
}
