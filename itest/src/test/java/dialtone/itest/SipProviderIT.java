package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Paths;
import java.time.Duration;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

import dialtone.core.call.CallerId;
import dialtone.core.call.Offer;
import dialtone.core.call.Reason;
import dialtone.core.call.Routing;
import dialtone.itest.SipPeers.Kamailio;
import dialtone.itest.SipPeers.Sipp;

/**
 * An account set up the way many providers hand them out: an outbound proxy in front of a
 * registrar that cannot be reached directly, a digest user name apart from the number, a domain of
 * the provider's own and a display name. Kamailio is the proxy; it accepts only that digest user.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SipProviderIT extends DialtoneTestBase {

    static final int KAMAILIO = 25210;
    static final int FAR_END = 25212;
    static final int LINE = 25214;
    static final int PROVIDER_UAC = 25216;
    /** The registrar's own address: nothing listens there, so all of it must go through the proxy. */
    static final int REGISTRAR = 25219;
    static final String USER = "1001";
    static final String AUTH_USER = "dt-7731001";
    static final String PASSWORD = "provider-test-pw";

    // Started once and left running for the class, as in SipLineIT; SipPeers stops it with the JVM.
    private static Kamailio kamailio;

    private final TestRouting routing = new TestRouting();
    private ServiceRegistration<Routing> routingRegistration;

    @Before
    public void setUp() throws Exception {
        if (kamailio == null) {
            kamailio = Kamailio.start(KAMAILIO, USER, AUTH_USER, PASSWORD, FAR_END);
            new SipAccount("provider", REGISTRAR, USER, PASSWORD, LINE, 120, "25220-25229",
                    "proxy = " + SipPeers.HOST + ":" + KAMAILIO + "\n"
                            + "auth.user = " + AUTH_USER + "\n"
                            + "domain = provider.test\n"
                            + "display.name = Home\n")
                    .writeTo(Paths.get(context.getProperty("felix.fileinstall.dir")));
        }
        routingRegistration = routing.register(context);
        SipAccount.awaitRegistered(context, "provider");
    }

    @After
    public void tearDown() {
        routingRegistration.unregister();
    }

    @Test
    public void theLineRegistersThroughTheProxyWithItsAuthUserAndShowsItsDomain() throws Exception {
        String list = shell("line:list");
        assertTrue(list, list.contains("provider sip:1001@provider.test REGISTERED"));
    }

    @Test
    public void anOutgoingCallGoesOutAsHomeAtTheProvidersDomainAndPassesTheDigest() throws Exception {
        try (Sipp farEnd = Sipp.start("outgoing-answer.xml", FAR_END, 0, null, 1)) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            TestParticipant caller = new TestParticipant("test/caller");
            callOut(caller, CallerId.of(USER), "0309876543", SipAccount.participant(context, "provider"));
            caller.next("alerting");
            caller.next("connected");
            caller.leg().release(Reason.NORMAL);
            assertEquals("sipp failed:\n" + farEnd.output(), 0, farEnd.await(Duration.ofSeconds(40)));
            String messages = farEnd.messages();
            assertTrue(messages, messages.contains("INVITE sip:0309876543@provider.test SIP/2.0"));
            assertTrue(messages, messages.contains("From: \"Home\" <sip:1001@provider.test>;tag="));
        }
    }

    @Test
    public void anIncomingCallThroughTheProxyIsTakenAsTheProviders() throws Exception {
        TestParticipant phone = new TestParticipant("test/phone");
        routing.ringOnIncoming(phone);
        try (Sipp sipp = Sipp.start("incoming-answer-provider-bye.xml", PROVIDER_UAC, KAMAILIO, USER, 1,
                "-d", "500")) {
            Offer offer = (Offer) phone.next("offer").detail();
            assertEquals(new CallerId("0301234567", "Provider caller"), offer.caller());
            phone.leg().alerting();
            phone.leg().answer(phone.media());
            assertEquals(Reason.NORMAL, phone.next("released").detail());
            assertEquals("sipp failed:\n" + sipp.output(), 0, sipp.await(Duration.ofSeconds(40)));
        }
    }

}
