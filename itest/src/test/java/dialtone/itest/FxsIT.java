package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import dialtone.core.call.CallerId;
import dialtone.core.call.Codec;
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;
import dialtone.core.call.Routing;

/**
 * Analog phones on the emulated FXS adapter, through the SLIC driver, the ports and the voice
 * thread of the real runtime. The far side is a test participant whose voice is an RTP echo on
 * 127.0.0.1: what the phone says must come back to its earpiece byte for byte.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FxsIT extends DialtoneTestBase {

    private static final int ECHO_PORT = 26800;

    private final TestParticipant far = new TestParticipant("test/far", List.of(Codec.PCMU, Codec.TELEPHONE_EVENT));
    private ServiceRegistration<Routing> routing;
    private RtpEcho echo;

    @Before
    public void plug() throws Exception {
        routing = new TestRouting().route("42", far).register(context);
        echo = new RtpEcho(ECHO_PORT);
        assertTrue(shell("emu:plug fxs"), shell("emu:plug fxs").contains("plugged emulated FXS adapter"));
        await("ports listed", "fxs:ports", "fxs/4 on-hook");
        // A re-plug within the driver grace time keeps the ports of the test before: wait until
        // every line is seen on-hook again, so this test's first lift is not taken for a flash.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String ports = shell("fxs:ports");
        while (ports.contains("off-hook") || ports.contains("away")) {
            assertTrue("lines still off-hook after a re-plug: " + ports, System.nanoTime() < end);
            Thread.sleep(50);
            ports = shell("fxs:ports");
        }
    }

    @After
    public void unplug() throws Exception {
        try {
            echo.close();
            if (routing != null) {
                routing.unregister();
            }
        } finally {
            shell("emu:unplug fxs");
        }
    }

    /** Runs a command until its output contains {@code expected}, for at most 5 s; returns the output. */
    private String await(String what, String command, String expected) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String out = shell(command);
        while (!out.contains(expected)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + what + " within 5 s: '" + command + "' says " + out);
            }
            Thread.sleep(50);
            out = shell(command);
        }
        return out;
    }

    @Test
    public void liftingTheHandsetGivesDialTone() throws Exception {
        shell("emu:port 1 offhook");
        await("dial tone", "emu:port 1", "hears dial tone (350+440 Hz, steady)");
        await("the port dialling", "fxs:ports", "fxs/1 off-hook DIALING");
        assertTrue(shell("audio:paths"), shell("audio:paths").contains("fxs/1 PCMU rtp://127.0.0.1:26"));
    }

    @Test
    public void theVoiceComesBackThroughTheWholePathAndKeysGoOutAsTelephoneEvents() throws Exception {
        shell("emu:port 1 offhook");
        shell("emu:port 1 dtmf 42#");
        Offer offer = (Offer) far.next("offer").detail();
        assertEquals("42", offer.called());
        assertTrue(offer.media().endpoint().toString().startsWith("rtp://127.0.0.1:26"));
        far.leg().answer(new Media(List.of(Codec.PCMU, Codec.TELEPHONE_EVENT),
                URI.create("rtp://127.0.0.1:" + ECHO_PORT)));
        await("talking", "fxs:ports", "fxs/1 off-hook TALKING");

        shell("emu:port 1 signal");
        Thread.sleep(2000);
        String heard = shell("emu:port 1");
        Matcher intact = Pattern.compile("sent (\\d+), heard (\\d+) intact").matcher(heard);
        assertTrue(heard, intact.find());
        int back = Integer.parseInt(intact.group(2));
        int sent = Integer.parseInt(intact.group(1));
        assertTrue("of " + sent + " frames sent in 2 s, only " + back + " came back intact", back > 60);
        assertTrue(back <= sent);

        shell("emu:port 1 quiet");
        shell("emu:port 1 dtmf 5");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!echo.events().contains(5) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(List.of(5), echo.events());
        String paths = shell("audio:paths");
        assertTrue(paths, paths.contains("-> rtp://127.0.0.1:" + ECHO_PORT));
        String callId = onLoop(() -> far.leg().call().id());
        assertTrue("the path line names its call: " + paths, paths.contains(callId + " fxs/1 PCMU rtp://"));
        assertTrue(paths, paths.contains("events in=1 out=1"));

        shell("emu:port 1 onhook");
        assertEquals(Reason.NORMAL, far.next("released").detail());
        await("the port idle", "fxs:ports", "fxs/1 on-hook\n");
    }

    @Test
    public void aFarSideThatMovesItsMediaIsFollowedAndTheVoiceComesBackFromTheNewPlace() throws Exception {
        shell("emu:port 1 offhook");
        shell("emu:port 1 dtmf 42#");
        far.next("offer");
        // Answered towards a port where nobody listens: no voice comes back.
        far.leg().answer(new Media(List.of(Codec.PCMU, Codec.TELEPHONE_EVENT), URI.create("rtp://127.0.0.1:26801")));
        await("talking", "fxs:ports", "fxs/1 off-hook TALKING");
        far.leg().updateMedia(new Media(List.of(Codec.PCMU, Codec.TELEPHONE_EVENT),
                URI.create("rtp://127.0.0.1:" + ECHO_PORT)));
        await("the path moved", "audio:paths", "-> rtp://127.0.0.1:" + ECHO_PORT);

        shell("emu:port 1 signal");
        Thread.sleep(2000);
        int back = intact(1);
        assertTrue("only " + back + " frames came back intact in 2 s from the echo the far side moved to", back > 60);

        shell("emu:port 1 onhook");
        assertEquals(Reason.NORMAL, far.next("released").detail());
        await("the port idle", "fxs:ports", "fxs/1 on-hook\n");
    }

    private int intact(int line) throws Exception {
        String heard = shell("emu:port " + line);
        Matcher intact = Pattern.compile("sent (\\d+), heard (\\d+) intact").matcher(heard);
        assertTrue(heard, intact.find());
        return Integer.parseInt(intact.group(2));
    }

    @Test
    public void updatingTheDriverBundleKeepsTheCallAndItsVoice() throws Exception {
        shell("emu:port 4 offhook");
        shell("emu:port 4 dtmf 42#");
        far.next("offer");
        far.leg().answer(new Media(List.of(Codec.PCMU, Codec.TELEPHONE_EVENT),
                URI.create("rtp://127.0.0.1:" + ECHO_PORT)));
        await("talking", "fxs:ports", "fxs/4 off-hook TALKING");
        shell("emu:port 4 signal");
        Thread.sleep(1000);
        int before = intact(4);

        Bundle driver = installed("dialtone.hw.fxs.slic");
        driver.update();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (shell("fxs:ports").contains("away") || !shell("fxs:ports").contains("fxs/4 off-hook TALKING")) {
            assertTrue("the driver was not replaced within 5 s: " + shell("fxs:ports"), System.nanoTime() < end);
            Thread.sleep(50);
        }
        Thread.sleep(1500);
        int after = intact(4);
        assertTrue("voice after the driver update: " + before + " then " + after + " frames", after > before + 40);
        assertTrue("the far side heard nothing of it: " + far.pending(), far.pending().isEmpty());

        shell("emu:port 4 onhook");
        assertEquals(Reason.NORMAL, far.next("released").detail());
    }

    @Test
    public void anInternalCallByTheExchangesDialPlanCarriesVoiceFromPhoneToPhone() throws Exception {
        routing.unregister(); // the exchange's own routing decides
        routing = null;
        shell("emu:port 1 offhook");
        shell("emu:port 1 dtmf '**92'"); // quoted: the shell would expand * as a file name pattern
        await("the second phone ringing with the first one's id", "emu:port 2", "caller id fxs/1 <91>");
        await("the bell, after the caller id", "emu:port 2", "bell ringing");
        await("ringback on the first", "emu:port 1", "hears ringback");
        shell("emu:port 2 offhook");
        await("both talking", "fxs:ports", "fxs/2 off-hook TALKING");
        shell("emu:port 1 signal");
        Thread.sleep(1500);
        assertTrue("phone 2 hears phone 1's signal: " + shell("emu:port 2"), intact(2) > 40);
        shell("emu:port 2 onhook");
        await("busy tone on the first after the second hung up", "emu:port 1", "hears busy tone");
    }

    @Test
    public void aBusyFarSideGivesBusyTone() throws Exception {
        shell("emu:port 2 offhook");
        shell("emu:port 2 pulse 42");
        far.next("offer");
        far.leg().release(Reason.BUSY);
        await("busy tone", "emu:port 2", "hears busy tone (480+620 Hz, 500/500 ms)");
    }

    @Test
    public void aNumberThatLeadsNowhereGivesCongestion() throws Exception {
        shell("emu:port 1 offhook");
        shell("emu:port 1 dtmf 99#");
        await("congestion", "emu:port 1", "hears congestion (480+620 Hz, 240/260 ms)".substring(0, 28));
    }

    @Test
    public void anIncomingCallShowsCallerIdThenRings() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences(Participant.class.getName(),
                "(&(participant.name=fxs/3)(participant.kind=port)(participant.number=93))");
        assertTrue("fxs/3 is registered as a participant", refs != null && refs.length == 1);
        Participant port = (Participant) context.getService(refs[0]);
        TestParticipant caller = new TestParticipant("test/caller", List.of(Codec.PCMU));
        onLoop(() -> core.calls().place(caller, new Offer(new CallerId("5551234", "Alice"), "3",
                new Media(List.of(Codec.PCMU), URI.create("rtp://127.0.0.1:" + ECHO_PORT))), List.of(port)));
        caller.next("alerting");
        await("caller id and the bell", "emu:port 3", "bell ringing, rings 1, caller id Alice <5551234>");
        shell("emu:port 3 offhook");
        caller.next("connected");
        await("talking", "fxs:ports", "fxs/3 off-hook TALKING");
    }

    @Test
    public void aCallerWhoWithholdsTheNumberShowsAsWithheld() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences(Participant.class.getName(),
                "(participant.name=fxs/4)");
        Participant port = (Participant) context.getService(refs[0]);
        TestParticipant caller = new TestParticipant("test/caller", List.of(Codec.PCMU));
        caller.useLeg(onLoop(() -> core.calls().place(caller, new Offer(new CallerId("", "Anonymous"), "4",
                new Media(List.of(Codec.PCMU), URI.create("rtp://127.0.0.1:" + ECHO_PORT))), List.of(port))).origin());
        caller.next("alerting");
        await("withheld caller id and the bell", "emu:port 4", "bell ringing, rings 1, caller id withheld (Anonymous)");
        caller.leg().release(Reason.CANCELLED);
        await("the bell stops", "fxs:ports", "fxs/4 on-hook\n");
    }
}
