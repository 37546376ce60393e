package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import dialtone.core.call.Reason;
import dialtone.core.call.Routing;
import dialtone.itest.SipPeers.Sipp;
import dialtone.sip.line.SipLine;

/**
 * Malformed and hostile datagrams of our own making, kept as data files under
 * {@code sip/malformed/}, one test each. The file's name says the answer: {@code NNN-...} gets
 * status NNN, {@code drop-...} gets none. Files named {@code ...stranger...} come from an address
 * the account does not trust. A call in progress carries on through all of them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SipMalformedIT extends DialtoneTestBase {

    static final int LINE = 25084;
    static final int SENDER = 25094;
    static final int STRANGER = 25095;
    static final int PROVIDER_UAC = 25096;
    /** Nothing listens there: registration fails and backs off, which these tests do not mind. */
    static final int NO_REGISTRAR = 25198;

    private static final AtomicLong ids = new AtomicLong(System.currentTimeMillis());

    private final TestRouting routing = new TestRouting();
    private ServiceRegistration<Routing> routingRegistration;

    @Before
    public void setUp() throws Exception {
        Path file = Paths.get(context.getProperty("felix.fileinstall.dir"), "dialtone.sip.line.account-edge.cfg");
        if (!Files.exists(file)) {
            Files.writeString(file, "registrar = 127.0.0.1:" + NO_REGISTRAR + "\n"
                    + "user = 1001\n"
                    + "local.address = 127.0.0.1\n"
                    + "local.port = " + LINE + "\n"
                    + "trusted = 127.0.0.1:" + SENDER + ",127.0.0.1:" + PROVIDER_UAC + "\n"
                    + "rtp.ports = 25160-25179\n");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!lineIsUp()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("line edge did not start");
            }
            Thread.sleep(50);
        }
        routingRegistration = routing.register(context);
    }

    @After
    public void tearDown() {
        routingRegistration.unregister();
    }

    private boolean lineIsUp() throws Exception {
        for (ServiceReference<SipLine> reference : context.getServiceReferences(SipLine.class, null)) {
            if (context.getService(reference).name().equals("edge")) {
                return true;
            }
        }
        return false;
    }

    /** Sends one data file and returns the first line of the answer, or null when none came within 1 s. */
    static String exchange(String name) throws Exception {
        byte[] template = SipPeers.resource("malformed/" + name);
        int from = name.contains("stranger") ? STRANGER : SENDER;
        String id = Long.toString(ids.incrementAndGet());
        byte[] datagram = new String(template, StandardCharsets.ISO_8859_1).replace("@LINE_PORT@", Integer.toString(LINE))
                .replace("@SENDER_PORT@", Integer.toString(from)).replace("@ID@", id)
                .getBytes(StandardCharsets.ISO_8859_1);
        InetAddress host = InetAddress.getByName(SipPeers.HOST);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(host, from))) {
            socket.setSoTimeout(1000);
            socket.send(new DatagramPacket(datagram, datagram.length, host, LINE));
            byte[] buffer = new byte[65535];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(reply);
            } catch (SocketTimeoutException e) {
                return null;
            }
            String text = new String(buffer, 0, reply.getLength(), StandardCharsets.ISO_8859_1);
            return text.substring(0, Math.max(0, text.indexOf("\r\n")));
        }
    }

    static void assertAnswer(String name) throws Exception {
        String answer = exchange(name);
        if (name.startsWith("drop-")) {
            assertNull(name + " was answered", answer);
        } else {
            String status = name.substring(0, 3);
            assertTrue(name + " got " + answer, answer != null && answer.startsWith("SIP/2.0 " + status + " "));
        }
    }

    static List<String> dataFiles() throws Exception {
        Path dir = Path.of(System.getProperty("dialtone.itest.dir", "target"), "test-classes", "sip", "malformed");
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sip")).sorted().toList();
        }
    }

    @Test
    public void aCallInProgressCarriesOnThroughEveryBadMessage() throws Exception {
        TestParticipant phone = new TestParticipant("test/phone");
        routing.ringOnIncoming(phone);
        try (Sipp sipp = Sipp.start("incoming-answer-provider-bye.xml", PROVIDER_UAC, LINE, "1001", 1, "-d", "4000")) {
            phone.next("offer");
            phone.leg().alerting();
            phone.leg().answer(phone.media());
            for (int round = 0; round < 3; round++) {
                for (String name : dataFiles()) {
                    exchange(name);
                }
            }
            assertEquals(Reason.NORMAL, phone.next("released").detail());
            int exit = sipp.await(Duration.ofSeconds(40));
            assertEquals("sipp failed:\n" + sipp.output(), 0, exit);
        }
    }

    @Test
    public void answers200ToOptions() throws Exception {
        assertAnswer("200-options.sip");
    }


    @Test
    public void answers400ToBrokenCseq() throws Exception {
        assertAnswer("400-broken-cseq.sip");
    }

    @Test
    public void answers400ToContentLengthTooLarge() throws Exception {
        assertAnswer("400-content-length-too-large.sip");
    }

    @Test
    public void answers403ToOptionsFromAStranger() throws Exception {
        assertAnswer("403-options-from-a-stranger.sip");
    }

    @Test
    public void answers405ToRegisterToAPhone() throws Exception {
        assertAnswer("405-register-to-a-phone.sip");
    }

    @Test
    public void answers416ToUnknownUriScheme() throws Exception {
        assertAnswer("416-unknown-uri-scheme.sip");
    }

    @Test
    public void answers420ToUnknownExtensionRequired() throws Exception {
        assertAnswer("420-unknown-extension-required.sip");
    }

    @Test
    public void answers481ToByeOutsideAnyDialog() throws Exception {
        assertAnswer("481-bye-outside-any-dialog.sip");
    }

    @Test
    public void answers483ToMaxForwardsZero() throws Exception {
        assertAnswer("483-max-forwards-zero.sip");
    }

    @Test
    public void answers501ToUnknownMethod() throws Exception {
        assertAnswer("501-unknown-method.sip");
    }

    @Test
    public void answers505ToAnotherSipVersion() throws Exception {
        assertAnswer("505-other-sip-version.sip");
    }

    @Test
    public void answers513ToHugeHeaders() throws Exception {
        assertAnswer("513-huge-headers.sip");
    }

    @Test
    public void dropsGarbage() throws Exception {
        assertAnswer("drop-garbage.sip");
    }

    @Test
    public void dropsARequestWithoutCallId() throws Exception {
        assertAnswer("drop-no-call-id.sip");
    }

    @Test
    public void dropsAStrayResponse() throws Exception {
        assertAnswer("drop-stray-response.sip");
    }
}
