package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

import dialtone.core.call.CallerId;
import dialtone.core.call.Codec;
import dialtone.core.call.LegState;
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Reason;
import dialtone.core.call.Routing;
import dialtone.itest.SipPeers.Kamailio;
import dialtone.itest.SipPeers.Sipp;
import dialtone.sip.line.LineStatus;
import dialtone.sip.line.RegistrationState;
import dialtone.sip.line.SipLine;

/**
 * SIP lines in the real runtime against independently written peers on 127.0.0.1: kamailio as the
 * provider's registrar and proxy (digest auth with a password set here) and sipp playing the
 * provider's side of calls. Accounts come from files in the etc folder, as a user sets them up.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SipLineIT extends DialtoneTestBase {

    static final int KAMAILIO = 25060;
    static final int FAR_END = 25070;
    static final int LINE = 25080;
    static final int WRONG_LINE = 25082;
    static final int PROVIDER_UAC = 25090;
    static final int STRANGER = 25092;
    static final String USER = "1001";
    static final String PASSWORD = "kx81-test-pw";

    // Started once and left running for the whole class (Pax Exam runs @AfterClass after every
    // method inside the framework); SipPeers stops it when the JVM ends.
    private static Kamailio kamailio;

    private final TestRouting routing = new TestRouting();
    private ServiceRegistration<Routing> routingRegistration;

    @Before
    public void setUp() throws Exception {
        if (kamailio == null) {
            kamailio = Kamailio.start(KAMAILIO, USER, PASSWORD, FAR_END);
            writeAccount("home", USER, PASSWORD, LINE);
        }
        routingRegistration = routing.register(context);
        await("home registered", () -> status("home").state() == RegistrationState.REGISTERED);
    }

    @After
    public void tearDown() {
        routingRegistration.unregister();
    }

    private Path etc() {
        return Paths.get(context.getProperty("felix.fileinstall.dir"));
    }

    private void writeAccount(String name, String user, String password, int port) throws Exception {
        new SipAccount(name, KAMAILIO, user, password, port, 120, "25140-25159").writeTo(etc());
    }

    private SipLine line(String name) throws Exception {
        return SipAccount.line(context, name);
    }

    private LineStatus status(String name) {
        try {
            SipLine line = line(name);
            return line == null ? new LineStatus(name, "", RegistrationState.UNREGISTERED, "absent", null, 0)
                    : line.status().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }


    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not " + what + " within 20 s");
            }
            Thread.sleep(50);
        }
    }

    private static void assertPassed(Sipp sipp) throws InterruptedException {
        int exit = sipp.await(Duration.ofSeconds(40));
        assertEquals("sipp failed:\n" + sipp.output(), 0, exit);
    }

    // ---- registration ------------------------------------------------------------------------

    @Test
    public void theAccountRegistersWithDigestAndTheShellShowsItsExpiry() throws Exception {
        LineStatus status = status("home");
        assertNotNull(status.expires());
        // Still to come: the line refreshes at 90 % of the registration's time, whenever this test runs.
        assertTrue(status.toString(), status.expires().isAfter(Instant.now()));
        String list = shell("line:list");
        assertTrue(list, list.contains("home sip:1001@127.0.0.1 REGISTERED expires in "));
        assertFalse(list, list.contains(PASSWORD));
    }

    @Test
    public void aWrongPasswordFailsWithAClearStateAndNoTightRetryLoop() throws Exception {
        writeAccount("wrong", "1002", "not-the-password", WRONG_LINE);
        try {
            await("wrong failed", () -> status("wrong").state() == RegistrationState.FAILED);
            LineStatus status = status("wrong");
            assertTrue(status.lastError(), status.lastError().contains("authentication failed (401"));
            assertTrue(status.lastError(), status.lastError().contains("retry in 10 s"));
            // No new attempt before the back-off runs out.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < until) {
                assertEquals(RegistrationState.FAILED, status("wrong").state());
                Thread.sleep(50);
            }
            String list = shell("line:list");
            assertTrue(list, list.contains("wrong sip:1002@127.0.0.1 FAILED"));
            assertFalse(list, list.contains("not-the-password"));
        } finally {
            Files.delete(etc().resolve("dialtone.sip.line.account-wrong.cfg"));
            await("wrong removed", () -> {
                try {
                    return line("wrong") == null;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    public void aWrongValueIsRefusedByItsFieldAndTheOtherAccountKeepsWorking() throws Exception {
        Path file = etc().resolve("dialtone.sip.line.account-broken.cfg");
        Files.writeString(file, "registrar = 127.0.0.1:" + KAMAILIO + "\nuser = 1003\nlocal.port = 99999\n");
        try {
            await("broken refused", () -> status("broken").state() == RegistrationState.REFUSED);
            assertEquals("local.port: 99999 is out of range 1-65535", status("broken").lastError());
            assertEquals(RegistrationState.REGISTERED, status("home").state());
        } finally {
            Files.delete(file);
        }
    }

    // ---- incoming ----------------------------------------------------------------------------

    @Test
    public void anIncomingCallIsAnsweredAndTheProviderHangsUp() throws Exception {
        TestParticipant phone = new TestParticipant("test/phone", List.of(Codec.PCMU, Codec.TELEPHONE_EVENT));
        routing.ringOnIncoming(phone);
        try (Sipp sipp = Sipp.start("incoming-answer-provider-bye.xml", PROVIDER_UAC, KAMAILIO, USER, 1,
                "-d", "500")) {
            Offer offer = (Offer) phone.next("offer").detail();
            assertEquals(new CallerId("0301234567", "Provider caller"), offer.caller());
            assertEquals(USER, offer.called());
            assertEquals(List.of(Codec.PCMU, Codec.TELEPHONE_EVENT), offer.media().codecs());
            phone.leg().alerting();
            phone.leg().answer(phone.media());
            assertEquals(Reason.NORMAL, phone.next("released").detail());
            assertPassed(sipp);
        }
        assertEquals(0, status("home").calls());
    }

    @Test
    public void aReInviteThatMovesTheProvidersMediaReachesThePhoneAndTheCallGoesOn() throws Exception {
        TestParticipant phone = new TestParticipant("test/phone");
        routing.ringOnIncoming(phone);
        try (Sipp sipp = Sipp.start("incoming-answer-media-moved.xml", PROVIDER_UAC, KAMAILIO, USER, 1)) {
            phone.next("offer");
            phone.leg().alerting();
            phone.leg().answer(phone.media());
            Media moved = (Media) phone.next("media").detail();
            assertEquals("rtp://127.0.0.1:" + (SipPeers.mediaPort(PROVIDER_UAC) + 2), moved.endpoint().toString());
            assertEquals(Reason.NORMAL, phone.next("released").detail());
            assertPassed(sipp);
        }
    }

    @Test
    public void aProviderThatHoldsIsAnsweredRecvonlyAndThePhoneHearsOfTheHoldAndTheResume() throws Exception {
        TestParticipant phone = new TestParticipant("test/phone");
        routing.ringOnIncoming(phone);
        try (Sipp sipp = Sipp.start("incoming-answer-provider-holds.xml", PROVIDER_UAC, KAMAILIO, USER, 1)) {
            phone.next("offer");
            phone.leg().alerting();
            phone.leg().answer(phone.media());
            phone.next("held");
            phone.next("resumed");
            assertEquals(Reason.NORMAL, phone.next("released").detail());
            assertPassed(sipp);
        }
    }

    @Test
    public void aProviderThatRequiresReliableRingingGetsItAndTheAnswerAfterItsPrack() throws Exception {
        TestParticipant phone = new TestParticipant("test/phone");
        routing.ringOnIncoming(phone);
        try (Sipp sipp = Sipp.start("incoming-reliable-ringing.xml", PROVIDER_UAC, KAMAILIO, USER, 1, "-d", "500")) {
            phone.next("offer");
            // Answered at once: the line holds the 200 back until the provider's PRACK has come.
            phone.leg().alerting();
            phone.leg().answer(phone.media());
            assertEquals(Reason.NORMAL, phone.next("released").detail());
            assertPassed(sipp);
        }
    }

    @Test
    public void aProviderThatStopsRefreshingItsSessionTimerHasTheCallEndedBeforeItExpires() throws Exception {
        TestParticipant phone = new TestParticipant("test/phone");
        routing.ringOnIncoming(phone);
        try (Sipp sipp = Sipp.start("incoming-session-expires.xml", PROVIDER_UAC, KAMAILIO, USER, 1, "-timeout", "100s")) {
            phone.next("offer");
            phone.leg().alerting();
            long answered = System.nanoTime();
            phone.leg().answer(phone.media());
            // RFC 4028 10: BYE 32 s before the 90 s interval ends, if no refresh came.
            assertEquals(Reason.FAILURE, phone.next("released", 75).detail());
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - answered);
            assertTrue("ended after " + seconds + " s", seconds >= 55 && seconds <= 66);
            assertPassed(sipp);
        }
    }

    @Test
    public void aCallerWhoWithholdsTheNumberComesWithNoneAndIsInTheHistoryAsAnonymous() throws Exception {
        TestParticipant phone = new TestParticipant("test/phone");
        routing.ringOnIncoming(phone);
        try (Sipp sipp = Sipp.start("incoming-anonymous.xml", PROVIDER_UAC, KAMAILIO, USER, 1, "-d", "300")) {
            Offer offer = (Offer) phone.next("offer").detail();
            assertEquals(new CallerId("", "Anonymous"), offer.caller());
            phone.leg().alerting();
            phone.leg().answer(phone.media());
            assertEquals(Reason.NORMAL, phone.next("released").detail());
            assertPassed(sipp);
        }
        String history = awaitShell("history:list", "anonymous  line home");
        assertFalse("no number to call back: " + history, history.contains("<anonymous>"));
    }

    @Test
    public void anInviteWithoutAnOfferIsOfferedToAndTheAnswerInTheAckReachesThePhone() throws Exception {
        TestParticipant phone = new TestParticipant("test/phone", List.of(Codec.PCMU, Codec.TELEPHONE_EVENT));
        routing.ringOnIncoming(phone);
        try (Sipp sipp = Sipp.start("incoming-offerless.xml", PROVIDER_UAC, KAMAILIO, USER, 1, "-d", "500")) {
            Offer offer = (Offer) phone.next("offer").detail();
            assertEquals("no offer: nowhere to send yet", null, offer.media().endpoint());
            phone.leg().alerting();
            phone.leg().answer(phone.media());
            Media answer = (Media) phone.next("media").detail();
            assertEquals("rtp://127.0.0.1:" + SipPeers.mediaPort(PROVIDER_UAC), answer.endpoint().toString());
            assertEquals(List.of(Codec.PCMU, Codec.TELEPHONE_EVENT), answer.codecs());
            assertEquals(Reason.NORMAL, phone.next("released").detail());
            assertPassed(sipp);
        }
    }

    @Test
    public void anIncomingCallIsAnsweredAndTheLineHangsUp() throws Exception {
        TestParticipant phone = new TestParticipant("test/phone");
        routing.ringOnIncoming(phone);
        try (Sipp sipp = Sipp.start("incoming-answer-line-bye.xml", PROVIDER_UAC, KAMAILIO, USER, 1)) {
            phone.next("offer");
            phone.leg().alerting();
            phone.leg().answer(phone.media());
            await("connected", () -> legState(phone) == LegState.CONNECTED);
            String calls = shell("line:calls");
            assertTrue(calls, calls.contains("home ") && calls.contains(" in CONNECTED "));
            phone.leg().release(Reason.NORMAL);
            assertPassed(sipp);
        }
    }

    @Test
    public void anIncomingCallCancelledWhileRingingGets487AndReleasesThePhone() throws Exception {
        TestParticipant phone = new TestParticipant("test/phone");
        routing.ringOnIncoming(phone);
        try (Sipp sipp = Sipp.start("incoming-cancel.xml", PROVIDER_UAC, KAMAILIO, USER, 1)) {
            phone.next("offer");
            phone.leg().alerting();
            assertEquals(Reason.CANCELLED, phone.next("released").detail());
            assertPassed(sipp);
        }
    }

    @Test
    public void anIncomingCallNothingCanTakeGets480() throws Exception {
        routing.ringOnIncoming();
        try (Sipp sipp = Sipp.start("incoming-unroutable.xml", PROVIDER_UAC, KAMAILIO, USER, 1)) {
            assertPassed(sipp);
        }
    }

    @Test
    public void anInviteFromAStrangerGets403AndRingsNothing() throws Exception {
        TestParticipant phone = new TestParticipant("test/phone");
        routing.ringOnIncoming(phone);
        try (Sipp sipp = Sipp.start("stranger-invite.xml", STRANGER, LINE, USER, 1)) {
            assertPassed(sipp);
        }
        drain();
        assertTrue(phone.pending().toString(), phone.pending().isEmpty());
        assertEquals(0, status("home").calls());
    }

    // ---- outgoing ----------------------------------------------------------------------------

    private TestParticipant call(String number) throws Exception {
        TestParticipant caller = new TestParticipant("test/caller");
        callOut(caller, CallerId.of(USER), number, SipAccount.participant(context, "home"));
        return caller;
    }

    private LegState legState(TestParticipant participant) {
        try {
            return onLoop(() -> participant.leg() == null ? null : participant.leg().state());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void anOutgoingCallPassesTheProxysDigestIsAnsweredAndWeHangUp() throws Exception {
        try (Sipp farEnd = Sipp.start("outgoing-answer.xml", FAR_END, 0, null, 1)) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            TestParticipant caller = call("0309876543");
            caller.next("alerting");
            Media answer = (Media) caller.next("connected").detail();
            assertEquals(List.of(Codec.PCMU, Codec.TELEPHONE_EVENT), answer.codecs());
            assertEquals("rtp://127.0.0.1:" + (FAR_END + 40), answer.endpoint().toString());
            caller.leg().release(Reason.NORMAL);
            assertPassed(farEnd);
        }
    }

    @Test
    public void aFarEndThatMovesItsMediaByReInviteInAnOutgoingCallIsFollowed() throws Exception {
        try (Sipp farEnd = Sipp.start("outgoing-answer-media-moved.xml", FAR_END, 0, null, 1)) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            TestParticipant caller = call("0309876543");
            caller.next("alerting");
            caller.next("connected");
            Media moved = (Media) caller.next("media").detail();
            assertEquals("rtp://127.0.0.1:" + (SipPeers.mediaPort(FAR_END) + 2), moved.endpoint().toString());
            caller.leg().release(Reason.NORMAL);
            assertPassed(farEnd);
        }
    }

    @Test
    public void holdingACallOutReOffersSendonlyAndResumingSendrecv() throws Exception {
        try (Sipp farEnd = Sipp.start("outgoing-answer-line-holds.xml", FAR_END, 0, null, 1)) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            TestParticipant caller = call("0309876543");
            caller.next("alerting");
            caller.next("connected");
            // Both at once: the resume waits for the hold's re-INVITE to be answered.
            caller.leg().hold();
            caller.leg().resume();
            Thread.sleep(500);
            caller.leg().release(Reason.NORMAL);
            assertPassed(farEnd);
            String messages = farEnd.messages();
            // Kamailio challenges the line's re-INVITEs: the hold got through with credentials.
            assertTrue(messages, messages.matches("(?s).*INVITE sip:[^\n]*\n.*Proxy-Authorization: Digest.*a=sendonly.*"));
            // RFC 3264 8: each changed description has the next version (offer, hold, resume).
            java.util.regex.Matcher origin = java.util.regex.Pattern.compile("o=dialtone \\d+ (\\d+) ")
                    .matcher(messages);
            List<Long> versions = new java.util.ArrayList<>();
            while (origin.find()) {
                long version = Long.parseLong(origin.group(1));
                if (!versions.contains(version)) {
                    versions.add(version);
                }
            }
            assertEquals(3, versions.size());
            assertEquals(List.of(versions.get(0), versions.get(0) + 1, versions.get(0) + 2), versions);
        }
    }

    @Test
    public void aCallOutAsksForASessionTimerAndRefreshesItAtHalfTheInterval() throws Exception {
        try (Sipp farEnd = Sipp.start("outgoing-session-refresh.xml", FAR_END, 0, null, 1, "-timeout", "100s")) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            TestParticipant caller = call("0309876543");
            caller.next("alerting");
            caller.next("connected");
            long answered = System.nanoTime();
            // The refresh goes out after 45 s; then the far end hangs up.
            assertEquals(Reason.NORMAL, caller.next("released", 60).detail());
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - answered);
            assertTrue("refreshed and ended after " + seconds + " s", seconds >= 44 && seconds <= 50);
            assertPassed(farEnd);
        }
    }

    @Test
    public void aCallOutRefusedWith422IsAskedAgainWithTheFarSidesMinimumInterval() throws Exception {
        try (Sipp farEnd = Sipp.start("outgoing-session-interval-too-small.xml", FAR_END, 0, null, 1)) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            TestParticipant caller = call("0309876543");
            caller.next("alerting");
            caller.next("connected");
            assertEquals(Reason.NORMAL, caller.next("released").detail());
            assertPassed(farEnd);
        }
    }

    @Test
    public void anOutgoingCallToABusyNumberReleasesTheCallerAsBusy() throws Exception {
        try (Sipp farEnd = Sipp.start("outgoing-busy.xml", FAR_END, 0, null, 1)) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            TestParticipant caller = call("0309876543");
            assertEquals(Reason.BUSY, caller.next("released").detail());
            assertPassed(farEnd);
        }
    }

    @Test
    public void anOutgoingCallWeGiveUpOnIsCancelled() throws Exception {
        try (Sipp farEnd = Sipp.start("outgoing-cancelled.xml", FAR_END, 0, null, 1)) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            TestParticipant caller = call("0309876543");
            caller.next("alerting");
            caller.leg().release(Reason.NORMAL);
            assertPassed(farEnd);
        }
        drain();
        assertEquals(0, status("home").calls());
    }
}
