package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import dialtone.itest.SipPeers.Kamailio;
import dialtone.itest.SipPeers.Sipp;
import dialtone.store.phonebook.CallHistory;
import dialtone.store.phonebook.CallKind;
import dialtone.store.phonebook.CallRecord;
import dialtone.store.phonebook.ContactNumber;
import dialtone.store.phonebook.Phonebook;

/**
 * The exchange end to end, with its own routing and dial plan: emulated DECT handsets, a SIP line
 * registered at kamailio, and sipp as the provider's side of calls, all on 127.0.0.1.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FirstCallsIT extends DialtoneTestBase {

    static final int KAMAILIO = 25100;
    static final int FAR_END = 25110;
    static final int LINE = 25120;
    static final int PROVIDER_UAC = 25130;
    static final String USER = "2001";
    static final String PASSWORD = "fc-test-pw-7";

    // Started once for the class and stopped by SipPeers when the JVM ends.
    private static Kamailio kamailio;

    @Inject
    private CallHistory history;

    @Inject
    private Phonebook phonebook;

    private final EmulatedHandsets handsets = new EmulatedHandsets(this);

    @Before
    public void setUp() throws Exception {
        if (kamailio == null) {
            kamailio = Kamailio.start(KAMAILIO, USER, PASSWORD, FAR_END);
            new SipAccount("home", KAMAILIO, USER, PASSWORD, LINE, 120, "25180-25199")
                    .writeTo(Paths.get(context.getProperty("felix.fileinstall.dir")));
            phonebook.add("Anna Schmidt", List.of(new ContactNumber(ContactNumber.Type.HOME, "+49 30 1234567")),
                    false).acknowledged().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        await(() -> SipAccount.registered(context, "home") ? Boolean.TRUE : null, "the line registered");
        handsets.plugAndSubscribe(2, 1, 2, 3);
    }

    @After
    public void tearDown() throws Exception {
        handsets.reset();
    }

    private static void assertPassed(Sipp sipp) throws InterruptedException {
        assertEquals("sipp failed:\n" + sipp.output(), 0, sipp.await(Duration.ofSeconds(60)));
    }

    /** The id of the newest record in the history now, 0 when it is empty. */
    private long newestRecord() {
        List<CallRecord> all = history.list();
        return all.isEmpty() ? 0 : all.get(0).id();
    }

    /**
     * The record the next call made, once it is there. Counted by record id: the history keeps only
     * the newest calls of each kind.
     */
    private CallRecord awaitRecordAfter(long before) throws Exception {
        return await(() -> {
            List<CallRecord> all = history.list();
            return !all.isEmpty() && all.get(0).id() > before ? all.get(0) : null;
        }, "a call newer than record " + before + " in the history");
    }

    // ---- the scenario every layer serves -------------------------------------------------------

    @Test
    public void aCallCancelledWhileTheHandsetsRingIsAMissedCallWithThePhonebookName() throws Exception {
        long before = newestRecord();
        try (Sipp provider = Sipp.start("ring-then-cancel.xml", PROVIDER_UAC, KAMAILIO, USER, 1)) {
            // Both ring with the caller's phonebook name; the scenario has seen 100, then 180.
            handsets.await(1, "call from Anna Schmidt");
            handsets.await(2, "call from Anna Schmidt");
            handsets.await(3, "call from Anna Schmidt");
            assertTrue(handsets.show(1).contains("ringing yes"));
            assertPassed(provider);
        }
        for (int slot = 1; slot <= 3; slot++) {
            handsets.await(slot, "ringing no");
        }
        awaitShell("call:list", "no calls");
        CallRecord record = awaitRecordAfter(before);
        assertEquals(CallKind.MISSED, record.kind());
        assertEquals("Anna Schmidt", record.name());
        assertEquals("0301234567", record.remote());
        assertEquals("home", record.line());
        assertFalse(record.seen());
    }

    @Test
    public void twoHundredCallsCancelledWhileAlertingLeaveNoCallAndNoHandsetRinging() throws Exception {
        long lastRecord = newestRecord();
        try (Sipp provider = Sipp.start("cancel-while-alerting.xml", PROVIDER_UAC, KAMAILIO, USER, 200, "-l", "1",
                "-r", "50")) {
            assertPassed(provider);
        }
        awaitShell("call:list", "no calls");
        for (int slot = 1; slot <= 3; slot++) {
            handsets.await(slot, "ringing no");
            assertTrue(handsets.show(slot).contains("call idle"));
        }
        awaitShell("dect:base", "calls    0 of 4");
        // Every one of them, and nothing else, went into the history as missed (the history keeps
        // only the newest of each kind, so count by record id).
        CallRecord newest = await(() -> {
            CallRecord top = history.list().get(0);
            return top.id() >= lastRecord + 200 ? top : null;
        }, "200 more calls in the history");
        assertEquals(lastRecord + 200, newest.id());
        assertEquals(CallKind.MISSED, newest.kind());
    }

    @Test
    public void anIncomingCallAnsweredOnOneHandsetStopsTheOthersAndIsReceived() throws Exception {
        long before = newestRecord();
        try (Sipp provider = Sipp.start("incoming-answer-provider-bye.xml", PROVIDER_UAC, KAMAILIO, USER, 1, "-d",
                "1000")) {
            handsets.await(2, "ringing yes");
            handsets.act(2, "answer");
            handsets.await(2, "call connected");
            handsets.await(1, "ringing no");
            handsets.await(3, "ringing no");
            assertPassed(provider);
        }
        handsets.await(2, "call idle");
        CallRecord record = awaitRecordAfter(before);
        assertEquals(CallKind.RECEIVED, record.kind());
        assertEquals("dect/2", record.device());
        assertEquals("Anna Schmidt", record.name());
    }

    @Test
    public void aCallerWhoWithholdsTheNumberShowsAsWithheldAndIsRecordedWithoutOne() throws Exception {
        long before = newestRecord();
        try (Sipp provider = Sipp.start("incoming-anonymous.xml", PROVIDER_UAC, KAMAILIO, USER, 1, "-d", "500")) {
            handsets.await(1, "call from Anonymous withheld");
            handsets.act(1, "answer");
            handsets.await(1, "call connected");
            assertPassed(provider);
        }
        handsets.await(1, "call idle");
        CallRecord record = awaitRecordAfter(before);
        assertEquals(CallKind.RECEIVED, record.kind());
        assertEquals("", record.remote());
    }

    // ---- a handset calling out through the dial plan -------------------------------------------

    @Test
    public void aHandsetDialsOutOnTheLineThroughKamailioAndHangsUp() throws Exception {
        long before = newestRecord();
        try (Sipp farEnd = Sipp.start("outgoing-answer.xml", FAR_END, 0, null, 1)) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            handsets.act(1, "dial '0309876543'");
            handsets.await(1, "call connected");
            handsets.act(1, "onhook");
            assertPassed(farEnd);
        }
        CallRecord record = awaitRecordAfter(before);
        assertEquals(CallKind.DIALED, record.kind());
        assertEquals("0309876543", record.remote());
        assertEquals("home", record.line());
        assertEquals("dect/1", record.device());
    }

    @Test
    public void aHandsetCallOutIsHungUpByTheFarEnd() throws Exception {
        try (Sipp farEnd = Sipp.start("outgoing-answer-far-bye.xml", FAR_END, 0, null, 1)) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            handsets.act(1, "dial '0309876543'");
            handsets.await(1, "call connected");
            assertPassed(farEnd);
        }
        handsets.await(1, "call idle");
        awaitShell("call:list", "no calls");
    }

    // ---- an analog phone's voice through the whole path ----------------------------------------

    @Test
    public void anAnalogPhonesVoiceGoesThroughKamailioToAnEchoAndComesBackIntact() throws Exception {
        assertTrue(shell("emu:plug fxs").contains("plugged emulated FXS adapter"));
        try (Sipp farEnd = Sipp.start("outgoing-answer.xml", FAR_END, 0, null, 1, "-rtp_echo")) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            awaitShell("fxs:ports", "fxs/1 on-hook");
            shell("emu:port 1 offhook");
            awaitShell("emu:port 1", "dial tone");
            shell("emu:port 1 dtmf '0309876543#'");
            awaitShell("fxs:ports", "fxs/1 off-hook TALKING");
            String paths = awaitShell("audio:paths", "-> rtp://127.0.0.1:" + SipPeers.mediaPort(FAR_END));

            // A numbered test signal from the mouthpiece comes back from sipp's echo byte for byte.
            shell("emu:port 1 signal");
            Thread.sleep(2000);
            String heard = shell("emu:port 1");
            java.util.regex.Matcher intact = java.util.regex.Pattern.compile("sent (\\d+), heard (\\d+) intact")
                    .matcher(heard);
            assertTrue(heard, intact.find());
            int sent = Integer.parseInt(intact.group(1));
            int back = Integer.parseInt(intact.group(2));
            assertTrue("of " + sent + " frames sent in 2 s only " + back + " came back intact; " + paths, back > 60);

            // A key pressed goes to the far end as an RFC 4733 event (and its echo comes back as one).
            shell("emu:port 1 quiet");
            shell("emu:port 1 dtmf 5");
            awaitShell("audio:paths", "events in=1 out=1");

            shell("emu:port 1 onhook");
            assertPassed(farEnd);
        } finally {
            shell("emu:unplug fxs");
        }
        awaitShell("call:list", "no calls");
    }

    @Test
    public void anAnalogPhoneHearsTheFarEndsEarlyMediaAndThenItsBusyTone() throws Exception {
        assertTrue(shell("emu:plug fxs").contains("plugged emulated FXS adapter"));
        try (Sipp farEnd = Sipp.start("outgoing-early-media-busy.xml", FAR_END, 0, null, 1, "-rtp_echo")) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            awaitShell("fxs:ports", "fxs/1 on-hook");
            shell("emu:port 1 offhook");
            awaitShell("emu:port 1", "dial tone");
            shell("emu:port 1 dtmf '0309876543#'");
            // Before any answer, the voice path goes to the far end's early media.
            String paths = awaitShell("audio:paths", "-> rtp://127.0.0.1:" + SipPeers.mediaPort(FAR_END));
            assertTrue(shell("fxs:ports"), shell("fxs:ports").contains("fxs/1 off-hook CALLING"));
            shell("emu:port 1 signal");
            Thread.sleep(1000);
            String heard = shell("emu:port 1");
            java.util.regex.Matcher intact = java.util.regex.Pattern.compile("heard (\\d+) intact").matcher(heard);
            assertTrue(heard, intact.find());
            assertTrue("only " + intact.group(1) + " frames of early media came back in 1 s; " + paths,
                    Integer.parseInt(intact.group(1)) > 25);
            awaitShell("emu:port 1", "hears busy tone");
            shell("emu:port 1 onhook");
            assertPassed(farEnd);
        } finally {
            shell("emu:unplug fxs");
        }
        awaitShell("call:list", "no calls");
    }

    // ---- internal calls ------------------------------------------------------------------------

    @Test
    public void aHandsetCallsAnotherByItsInternalNumber() throws Exception {
        handsets.act(1, "dial '**3'");
        handsets.await(3, "ringing yes");
        assertTrue(handsets.show(2).contains("ringing no"));
        handsets.act(3, "answer");
        handsets.await(1, "call connected");
        handsets.act(3, "onhook");
        handsets.await(1, "call idle");
        awaitShell("call:list", "no calls");
    }

    @Test
    public void starStarNineRingsEveryOtherHandsetAndTheFirstToAnswerTakesTheCall() throws Exception {
        long before = newestRecord();
        handsets.act(1, "dial '**9'");
        handsets.await(2, "ringing yes");
        handsets.await(3, "ringing yes");
        assertTrue("the caller does not ring itself", handsets.show(1).contains("ringing no"));
        handsets.act(3, "answer");
        handsets.await(1, "call connected");
        handsets.await(2, "ringing no");
        assertTrue(handsets.show(2).contains("call idle"));
        handsets.act(1, "onhook");
        handsets.await(3, "call idle");
        awaitShell("call:list", "no calls");

        CallRecord record = awaitRecordAfter(before);
        assertEquals(CallKind.DIALED, record.kind());
        assertEquals("**9", record.remote());
        assertEquals("dect/1", record.device());
    }
}
