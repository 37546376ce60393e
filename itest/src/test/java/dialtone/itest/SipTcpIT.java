package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Reason;
import dialtone.core.call.Routing;
import dialtone.itest.SipPeers.Kamailio;
import dialtone.itest.SipPeers.Sipp;

/**
 * An account with {@code transport = tcp}: it registers with kamailio over TCP, takes a call
 * kamailio relays to it over TCP, and places one through kamailio over TCP (the peers behind
 * kamailio speak UDP, as a provider's far end may).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SipTcpIT extends DialtoneTestBase {

    static final int KAMAILIO = 25200;
    static final int FAR_END = 25202;
    static final int LINE = 25204;
    static final int PROVIDER_UAC = 25206;
    static final String USER = "1001";
    static final String PASSWORD = "tcp-test-pw";

    // Started once and left running for the class, as in SipLineIT; SipPeers stops it with the JVM.
    private static Kamailio kamailio;

    private final TestRouting routing = new TestRouting();
    private ServiceRegistration<Routing> routingRegistration;

    @Before
    public void setUp() throws Exception {
        if (kamailio == null) {
            kamailio = Kamailio.start(KAMAILIO, USER, PASSWORD, FAR_END);
            new SipAccount("tcp", KAMAILIO, USER, PASSWORD, LINE, 120, "25260-25269", "transport = tcp\n")
                    .writeTo(Paths.get(context.getProperty("felix.fileinstall.dir")));
        }
        routingRegistration = routing.register(context);
        SipAccount.awaitRegistered(context, "tcp");
    }

    @After
    public void tearDown() {
        routingRegistration.unregister();
    }

    @Test
    public void theLineRegistersOverTcpAndTakesNoUdpPort() throws Exception {
        String list = shell("line:list");
        assertTrue(list, list.contains("tcp sip:1001@127.0.0.1 REGISTERED"));
        // The line's port is free for UDP: the registration went over TCP, as configured.
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(SipPeers.HOST, LINE))) {
            assertTrue(udp.isBound());
        }
    }

    @Test
    public void anIncomingCallRelayedOverTcpIsAnsweredAndTheProviderHangsUp() throws Exception {
        TestParticipant phone = new TestParticipant("test/phone");
        routing.ringOnIncoming(phone);
        try (Sipp sipp = Sipp.start("incoming-answer-provider-bye.xml", PROVIDER_UAC, KAMAILIO, USER, 1,
                "-d", "500")) {
            Offer offer = (Offer) phone.next("offer").detail();
            assertEquals(USER, offer.called());
            phone.leg().alerting();
            phone.leg().answer(phone.media());
            assertEquals(Reason.NORMAL, phone.next("released").detail());
            assertEquals("sipp failed:\n" + sipp.output(), 0, sipp.await(Duration.ofSeconds(40)));
        }
    }

    @Test
    public void anOutgoingCallOverTcpPassesTheProxysDigestIsAnsweredAndWeHangUp() throws Exception {
        try (Sipp farEnd = Sipp.start("outgoing-answer.xml", FAR_END, 0, null, 1)) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            TestParticipant caller = new TestParticipant("test/caller");
            callOut(caller, CallerId.of(USER), "0309876543", SipAccount.participant(context, "tcp"));
            caller.next("alerting");
            Media answer = (Media) caller.next("connected").detail();
            assertEquals("rtp://127.0.0.1:" + SipPeers.mediaPort(FAR_END), answer.endpoint().toString());
            caller.leg().release(Reason.NORMAL);
            assertEquals("sipp failed:\n" + farEnd.output(), 0, farEnd.await(Duration.ofSeconds(40)));
        }
    }

    @Test
    public void aRequestInAnotherSipVersionGets505OverTcpToo() throws Exception {
        String request = new String(SipPeers.resource("malformed/505-other-sip-version.sip"), StandardCharsets.ISO_8859_1)
                .replace("@LINE_PORT@", Integer.toString(LINE)).replace("@SENDER_PORT@", Integer.toString(PROVIDER_UAC))
                .replace("@ID@", "tcp-505").replace("SIP/2.0/UDP", "SIP/2.0/TCP");
        try (Socket socket = new Socket(SipPeers.HOST, LINE)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
            assertTrue(status, status != null && status.startsWith("SIP/2.0 505 "));
        }
    }

}
