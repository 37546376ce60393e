package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import dialtone.core.call.Call;
import dialtone.core.call.CallState;
import dialtone.core.call.CallerId;
import dialtone.core.call.Codec;
import dialtone.core.call.Leg;
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Reason;

/** Calls between two test participants through the real call-core loop in the real runtime. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CallCoreIT extends DialtoneTestBase {

    private final TestParticipant alice = new TestParticipant("test/alice");
    private final TestParticipant bob = new TestParticipant("test/bob");

    private Call place(TestParticipant from, TestParticipant... to) throws Exception {
        Offer offer = new Offer(new CallerId("0301234567", "Alice"), "42", from.media());
        Call call = onLoop(() -> core.calls().place(from, offer, List.of(to)));
        from.useLeg(call.origin());
        return call;
    }

    @Test
    public void everyDialtoneBundleIsActive() {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().startsWith("dialtone.")) {
                assertEquals(bundle.getSymbolicName() + " state", Bundle.ACTIVE, bundle.getState());
            }
        }
    }

    @Test
    public void callRingsConnectsAndTheCallerHangsUp() throws Exception {
        Call call = place(alice, bob);
        Offer offered = (Offer) bob.next("offer").detail();
        assertEquals("Alice", offered.caller().name());
        assertEquals(List.of(Codec.G722, Codec.PCMA, Codec.PCMU, Codec.TELEPHONE_EVENT), offered.media().codecs());

        bob.leg().alerting();
        alice.next("alerting");
        assertEquals(CallState.ALERTING, onLoop(call::state));

        bob.leg().answer(Media.of(List.of(Codec.PCMA)));
        Media answered = (Media) alice.next("connected").detail();
        assertEquals(List.of(Codec.PCMA), answered.codecs());
        assertEquals(CallState.CONNECTED, onLoop(call::state));

        alice.leg().release(Reason.NORMAL);
        assertEquals(Reason.NORMAL, bob.next("released").detail());
        assertEquals(CallState.ENDED, onLoop(call::state));
        assertTrue(onLoop(() -> core.calls().active().isEmpty()));
        assertTrue(alice.pending().isEmpty());
    }

    @Test
    public void theCalledSideHangsUp() throws Exception {
        place(alice, bob);
        bob.next("offer");
        bob.leg().answer(bob.media());
        alice.next("connected");
        bob.leg().release(Reason.NORMAL);
        assertEquals(Reason.NORMAL, alice.next("released").detail());
        drain();
        assertTrue(bob.pending().isEmpty());
        assertTrue(onLoop(() -> core.calls().active().isEmpty()));
    }

    @Test
    public void aCallerWhoHangsUpWhileItRingsCancelsIt() throws Exception {
        place(alice, bob);
        bob.next("offer");
        bob.leg().alerting();
        alice.next("alerting");
        alice.leg().release(Reason.NORMAL);
        assertEquals(Reason.CANCELLED, bob.next("released").detail());
    }

    @Test
    public void aBusyTargetReleasesTheCallerWithBusy() throws Exception {
        place(alice, bob);
        bob.next("offer");
        bob.leg().release(Reason.BUSY);
        assertEquals(Reason.BUSY, alice.next("released").detail());
    }

    @Test
    public void anAnswerThatArrivesJustBeforeTheCallerHangsUpConnectsThenEnds() throws Exception {
        Call call = place(alice, bob);
        bob.next("offer");
        Leg bobLeg = bob.leg();
        Leg aliceLeg = alice.leg();
        // Both signals are posted from inside one handler, so both wait in the inbox together.
        onLoop(() -> {
            bobLeg.answer(bob.media());
            aliceLeg.release(Reason.NORMAL);
            return null;
        });
        alice.next("connected");
        assertEquals(Reason.NORMAL, bob.next("released").detail());
        drain();
        assertTrue(alice.pending().isEmpty());
        assertTrue(bob.pending().isEmpty());
        assertEquals(CallState.ENDED, onLoop(call::state));
    }

    @Test
    public void anAnswerThatArrivesJustAfterTheCallerHungUpIsDropped() throws Exception {
        Call call = place(alice, bob);
        bob.next("offer");
        Leg bobLeg = bob.leg();
        Leg aliceLeg = alice.leg();
        onLoop(() -> {
            aliceLeg.release(Reason.NORMAL);
            bobLeg.answer(bob.media());
            return null;
        });
        assertEquals(Reason.CANCELLED, bob.next("released").detail());
        drain();
        assertTrue("the caller hears nothing more: " + alice.pending(), alice.pending().isEmpty());
        assertTrue(bob.pending().isEmpty());
        assertEquals(CallState.ENDED, onLoop(call::state));
        assertTrue(onLoop(() -> core.calls().active().isEmpty()));
    }

    @Test
    public void theFirstOfAGroupToAnswerGetsTheCallAndTheOthersStopRinging() throws Exception {
        TestParticipant carol = new TestParticipant("test/carol");
        place(alice, bob, carol);
        bob.next("offer");
        carol.next("offer");
        bob.leg().alerting();
        carol.leg().alerting();
        alice.next("alerting");
        carol.leg().answer(carol.media());
        alice.next("connected");
        assertEquals(Reason.ANSWERED_ELSEWHERE, bob.next("released").detail());
        carol.leg().release(Reason.NORMAL);
        assertEquals(Reason.NORMAL, alice.next("released").detail());
    }

    @Test
    public void digitsAndHoldReachTheOtherSide() throws Exception {
        place(alice, bob);
        bob.next("offer");
        bob.leg().answer(bob.media());
        alice.next("connected");
        alice.leg().digits("12#");
        assertEquals("12#", bob.next("digits").detail());
        bob.leg().hold();
        alice.next("held");
        bob.leg().resume();
        alice.next("resumed");
        alice.leg().release(Reason.NORMAL);
        bob.next("released");
    }

    @Test
    public void aTargetWithNoCommonCodecIsNeverOffered() throws Exception {
        TestParticipant narrowband = new TestParticipant("test/narrowband", List.of(Codec.PCMU));
        Offer offer = new Offer(CallerId.of("1"), "2", Media.of(List.of(Codec.G722)));
        onLoop(() -> core.calls().place(alice, offer, List.of(narrowband)));
        assertEquals(Reason.INCOMPATIBLE_MEDIA, alice.next("released").detail());
        drain();
        assertTrue(narrowband.pending().isEmpty());
    }

    @Test
    public void theShellListsCallsAndLoopFigures() throws Exception {
        Call call = place(alice, bob);
        bob.next("offer");
        bob.leg().alerting();
        alice.next("alerting");
        String calls = shell("call:list");
        assertTrue(calls, calls.contains(call.id() + " ALERTING"));
        assertTrue(calls, calls.contains("test/alice[ALERTING]"));
        assertTrue(calls, calls.contains("test/bob[ALERTING]"));
        alice.leg().release(Reason.NORMAL);
        bob.next("released");
        drain();
        assertFalse(shell("call:list"), shell("call:list").contains(call.id()));

        String stats = shell("stats:loop");
        assertTrue(stats, stats.matches("(?s).*handled\\s+[1-9][0-9]*.*"));
        assertTrue(stats, stats.contains("handler p99"));
    }
}
