package dialtone.sip.line.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import dialtone.core.call.CallerId;
import dialtone.core.call.Codec;
import dialtone.core.call.LegState;
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;
import dialtone.core.call.Routing;
import dialtone.core.call.internal.CoreImpl;
import dialtone.core.call.internal.LoopSettings;
import dialtone.sip.line.LineStatus;
import dialtone.sip.line.RegistrationState;
import dialtone.sip.line.test.SipPeers;
import dialtone.sip.line.test.SipPeers.Kamailio;
import dialtone.sip.line.test.SipPeers.Sipp;

/**
 * A line on the real call core and the real JAIN-SIP stack against kamailio (registrar and proxy,
 * digest auth) and sipp (the provider's side of calls), all on 127.0.0.1.
 */
public class SipCallsTest {

    static final int KAMAILIO = 25060;
    static final int FAR_END = 25070;
    static final int LINE = 25080;
    static final int PROVIDER_UAC = 25090;
    static final int STRANGER = 25092;
    static final String USER = "1001";
    static final String PASSWORD = "kx81-test";

    static CoreImpl core;
    static Kamailio kamailio;

    Line line;
    SipAgent agent;
    volatile List<Participant> ringing = List.of();
    final Routing routing = new Routing() {
        @Override
        public List<Participant> incoming(Participant on, Offer offer) {
            return ringing;
        }

        @Override
        public List<Participant> outgoing(Participant caller, String dialled) {
            return List.of();
        }
    };

    @BeforeClass
    public static void startPeers() throws Exception {
        core = new CoreImpl(LoopSettings.DEFAULTS);
        core.start();
        kamailio = Kamailio.start(KAMAILIO, USER, PASSWORD, FAR_END);
    }

    @AfterClass
    public static void stopPeers() throws Exception {
        if (kamailio != null) {
            kamailio.close();
        }
        core.stop();
    }

    @After
    public void stopLine() {
        if (agent != null) {
            core.deliver(Line::close, line);
            agent.stop(Duration.ofSeconds(2));
        }
    }

    static Map<String, Object> account(String password) {
        Map<String, Object> values = new HashMap<>();
        values.put("registrar", SipPeers.HOST + ":" + KAMAILIO);
        values.put("user", USER);
        values.put("password", password);
        values.put("local.address", SipPeers.HOST);
        values.put("local.port", LINE);
        values.put("expires", 120);
        values.put("rtp.ports", "25140-25159");
        return values;
    }

    void startLine(Map<String, Object> values) throws Exception {
        Account account = Account.from("home", Configs.account(values));
        line = new Line(core, account, () -> routing);
        agent = new SipAgent(account, line.mailbox()::post);
        line.agent(agent);
        agent.start();
    }

    LineStatus status() throws Exception {
        return core.query(line::status).get(2, TimeUnit.SECONDS);
    }

    void registered() throws Exception {
        startLine(account(PASSWORD));
        await("registered", () -> state() == RegistrationState.REGISTERED);
    }

    RegistrationState state() {
        try {
            return status().state();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not " + what + " within 10 s");
            }
            Thread.sleep(20);
        }
    }

    static void assertPassed(Sipp sipp) throws InterruptedException {
        int exit = sipp.await(Duration.ofSeconds(40));
        assertEquals("sipp failed:\n" + sipp.output(), 0, exit);
    }

    LegState legState(TestPhone phone) {
        try {
            return core.query(() -> phone.leg == null ? null : phone.leg.state()).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- registration ------------------------------------------------------------------------

    @Test
    public void registersWithDigestAndShowsWhenItExpires() throws Exception {
        registered();
        LineStatus status = status();
        assertNotNull(status.expires());
        assertTrue(status.toString(), status.expires().isAfter(java.time.Instant.now().plusSeconds(60)));
        assertEquals("", status.lastError());
        assertFalse(status.toString().contains(PASSWORD));
    }

    @Test
    public void aWrongPasswordFailsWithAClearStateAndNoTightRetryLoop() throws Exception {
        startLine(account("not-the-password"));
        await("failed", () -> state() == RegistrationState.FAILED);
        LineStatus status = status();
        assertTrue(status.lastError(), status.lastError().contains("authentication failed (401"));
        assertTrue(status.lastError(), status.lastError().contains("retry in 10 s"));
        // For the next three seconds it stays failed: no new attempt before the back-off.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < until) {
            assertEquals(RegistrationState.FAILED, state());
            Thread.sleep(50);
        }
    }

    // ---- incoming ----------------------------------------------------------------------------

    @Test
    public void anIncomingCallIsAnsweredAndTheProviderHangsUp() throws Exception {
        registered();
        TestPhone phone = new TestPhone("dect/1", TestPhone.Behaviour.ANSWER);
        ringing = List.of(phone);
        try (Sipp sipp = Sipp.start("incoming-answer-provider-bye.xml", PROVIDER_UAC, KAMAILIO, USER, 1,
                "-d", "300")) {
            assertPassed(sipp);
        }
        assertTrue(phone.awaitReleased(5));
        assertEquals(List.of(Reason.NORMAL), phone.released);
        Offer offer = phone.offers.get(0);
        assertEquals("0301234567", offer.caller().number());
        assertEquals("Provider caller", offer.caller().name());
        assertEquals(List.of(Codec.PCMA, Codec.PCMU, Codec.TELEPHONE_EVENT), offer.media().codecs());
    }

    @Test
    public void anIncomingCallIsAnsweredAndTheLineHangsUp() throws Exception {
        registered();
        TestPhone phone = new TestPhone("dect/1", TestPhone.Behaviour.ANSWER);
        ringing = List.of(phone);
        try (Sipp sipp = Sipp.start("incoming-answer-line-bye.xml", PROVIDER_UAC, KAMAILIO, USER, 1)) {
            await("connected", () -> legState(phone) == LegState.CONNECTED);
            phone.hangUp();
            assertPassed(sipp);
        }
    }

    @Test
    public void anIncomingCallCancelledWhileRingingGets487AndReleasesThePhone() throws Exception {
        registered();
        TestPhone phone = new TestPhone("dect/1", TestPhone.Behaviour.RING);
        ringing = List.of(phone);
        try (Sipp sipp = Sipp.start("incoming-cancel.xml", PROVIDER_UAC, KAMAILIO, USER, 1)) {
            assertPassed(sipp);
        }
        assertTrue(phone.awaitReleased(5));
        assertEquals(List.of(Reason.CANCELLED), phone.released);
    }

    @Test
    public void anInviteFromAStrangerGets403AndRingsNothing() throws Exception {
        registered();
        TestPhone phone = new TestPhone("dect/1", TestPhone.Behaviour.ANSWER);
        ringing = List.of(phone);
        try (Sipp sipp = Sipp.start("stranger-invite.xml", STRANGER, LINE, USER, 1)) {
            assertPassed(sipp);
        }
        Thread.sleep(200);
        assertTrue(phone.offers.isEmpty());
        assertEquals(0, status().calls());
    }

    // ---- outgoing ----------------------------------------------------------------------------

    TestPhone call(TestPhone caller) throws Exception {
        Offer offer = new Offer(CallerId.of(USER), "0309876543",
                Media.of(List.of(Codec.PCMU, Codec.PCMA, Codec.G722, Codec.TELEPHONE_EVENT)));
        caller.leg = core.query(() -> core.calls().place(caller, offer, List.of(line)).origin()).get(2,
                TimeUnit.SECONDS);
        return caller;
    }

    @Test
    public void anOutgoingCallIsAnsweredAndHungUpByUs() throws Exception {
        registered();
        try (Sipp farEnd = Sipp.start("outgoing-answer.xml", FAR_END, 0, null, 1)) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            TestPhone caller = call(new TestPhone("dect/2", TestPhone.Behaviour.RING));
            assertTrue("not connected", caller.awaitConnected(10));
            assertTrue(caller.alerted > 0);
            assertEquals(List.of(Codec.PCMU, Codec.TELEPHONE_EVENT), caller.connected.get(0).codecs());
            caller.hangUp();
            assertPassed(farEnd);
        }
    }

    @Test
    public void anOutgoingCallToABusyNumberReleasesTheCallerAsBusy() throws Exception {
        registered();
        try (Sipp farEnd = Sipp.start("outgoing-busy.xml", FAR_END, 0, null, 1)) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            TestPhone caller = call(new TestPhone("dect/2", TestPhone.Behaviour.RING));
            assertTrue("not released", caller.awaitReleased(10));
            assertEquals(List.of(Reason.BUSY), caller.released);
            assertPassed(farEnd);
        }
    }

    @Test
    public void anOutgoingCallWeGiveUpOnIsCancelled() throws Exception {
        registered();
        try (Sipp farEnd = Sipp.start("outgoing-cancelled.xml", FAR_END, 0, null, 1)) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            TestPhone caller = call(new TestPhone("dect/2", TestPhone.Behaviour.RING));
            await("ringing", () -> caller.alerted > 0);
            caller.hangUp();
            assertPassed(farEnd);
        }
    }
}
