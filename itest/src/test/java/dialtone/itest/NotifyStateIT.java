package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dialtone.core.call.Participant;

/**
 * The line, handset and dongle events in the real runtime: a SIP line registering at kamailio,
 * refused by it and stopped; emulated DECT handsets subscribing and deleted; emulated dongles
 * plugged and unplugged. Each is seen by an {@code EventHandler} of this test and on the JSON feed
 * by a TCP client on loopback.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NotifyStateIT extends DialtoneTestBase {

    private static final int CALL_MONITOR = 27011;
    private static final int JSON = 27012;
    static final int KAMAILIO = 25250;
    static final int FAR_END = 25251;
    static final int LINE = 25252;
    static final String USER = "2301";
    static final String PASSWORD = "state-test-pw-1";
    private static final SipAccount ACCOUNT = new SipAccount("state", KAMAILIO, USER, PASSWORD, LINE, 60, "25270-25279");

    private final LinkedBlockingQueue<Event> heard = new LinkedBlockingQueue<>();
    private ServiceRegistration<EventHandler> handler;
    private Socket socket;
    private BufferedReader json;
    private BufferedReader callMonitor;
    private Socket callMonitorSocket;

    @Override
    protected Option[] extraOptions() {
        try {
            Path etc = configFolder();
            Files.writeString(etc.resolve("dialtone.notify.cfg"), "callmonitor.enabled = true\ncallmonitor.port = "
                    + CALL_MONITOR + "\njson.enabled = true\njson.port = " + JSON + "\naddress = 127.0.0.1\n"
                    + "allow = 127.0.0.0/8\n");
            Files.deleteIfExists(etc.resolve(ACCOUNT.fileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Option[0];
    }

    @Before
    public void setUp() throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC,
                new String[] { "dialtone/line/*", "dialtone/handset/*", "dialtone/dongle/*" });
        handler = context.registerService(EventHandler.class, heard::add, properties);
        socket = connect(JSON);
        json = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        callMonitorSocket = connect(CALL_MONITOR);
        callMonitor = new BufferedReader(new InputStreamReader(callMonitorSocket.getInputStream(), StandardCharsets.UTF_8));
        Thread.sleep(200); // the handler registration reaches the Event Admin asynchronously
    }

    @After
    public void tearDown() throws Exception {
        handler.unregister();
        socket.close();
        callMonitorSocket.close();
    }

    private static Socket connect(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            Socket client = new Socket();
            try {
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                client.setSoTimeout(10_000);
                return client;
            } catch (IOException e) {
                client.close();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the feed on port " + port + " never listened", e);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Waits for the event the handler hears with this topic and these properties (values are
     * regular expressions), passing over others, and checks it carries no other property than
     * {@code timestamp}.
     */
    private void expectHeard(String topic, Map<String, String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<String> passed = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Event event = heard.poll(100, TimeUnit.MILLISECONDS);
            if (event == null) {
                continue;
            }
            Map<String, String> got = new TreeMap<>();
            for (String name : event.getPropertyNames()) {
                if (!name.equals(EventConstants.EVENT_TOPIC) && !name.equals("timestamp")) {
                    got.put(name, String.valueOf(event.getProperty(name)));
                }
            }
            if (event.getTopic().equals(topic) && matches(expected, got)) {
                assertTrue(topic + " timestamp", event.getProperty("timestamp") instanceof Long);
                return;
            }
            passed.add(event.getTopic() + " " + got);
        }
        throw new AssertionError("no " + topic + " " + expected + " heard; heard " + passed);
    }

    /**
     * Reads the JSON feed up to the line of this event, passing over others, and checks it carries
     * exactly these fields besides {@code time}.
     */
    private void expectJson(String topic, Map<String, String> expected) throws IOException {
        List<String> passed = new ArrayList<>();
        while (true) {
            String line = json.readLine();
            if (line == null) {
                throw new AssertionError("the JSON feed ended before " + topic + "; read " + passed);
            }
            JsonObject object = JsonParser.parseString(line).getAsJsonObject();
            assertEquals(line, 1, object.get("v").getAsInt());
            assertTrue(line, object.get("time").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
            Map<String, String> got = new TreeMap<>();
            for (String key : object.keySet()) {
                if (!key.equals("v") && !key.equals("time") && !key.equals("topic") && !key.equals("event")) {
                    assertTrue(line, object.get(key).isJsonPrimitive() && object.get(key).getAsJsonPrimitive().isString());
                    got.put(key, object.get(key).getAsString());
                }
            }
            if (object.get("topic").getAsString().equals(topic) && matches(expected, got)) {
                assertEquals(line, topic.substring(topic.lastIndexOf('/') + 1), object.get("event").getAsString());
                return;
            }
            passed.add(line);
        }
    }

    private static boolean matches(Map<String, String> expected, Map<String, String> got) {
        if (!expected.keySet().equals(got.keySet())) {
            return false;
        }
        for (Map.Entry<String, String> entry : expected.entrySet()) {
            if (!Pattern.matches(entry.getValue(), got.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private void expect(String topic, Map<String, String> properties) throws Exception {
        expectHeard(topic, properties);
        expectJson(topic, properties);
    }

    /** The call-monitor format has no line for these events: a marker call would be the first line. */
    private void expectNothingOnTheCallMonitorFeed() throws IOException {
        callMonitorSocket.setSoTimeout(500);
        try {
            String line = callMonitor.readLine();
            throw new AssertionError("the call-monitor feed sent " + line);
        } catch (java.net.SocketTimeoutException expected) {
            // nothing, as it should be
        } finally {
            callMonitorSocket.setSoTimeout(10_000);
        }
    }

    // ---- lines ----------------------------------------------------------------------------------

    private void writeAccount() throws IOException {
        ACCOUNT.writeTo(Paths.get(context.getProperty("felix.fileinstall.dir")));
    }

    /** A property of the line's Participant service, as other bundles see it. */
    private String lineService(String key) throws Exception {
        Collection<ServiceReference<Participant>> found = context.getServiceReferences(Participant.class,
                "(participant.name=line/state)");
        assertEquals(1, found.size());
        Object value = found.iterator().next().getProperty(key);
        return value == null ? null : value.toString();
    }

    @Test
    public void aLineIsSeenRegisteringRefusedByItsServerAndStopped() throws Exception {
        Map<String, String> line = Map.of("participant", "line/state");
        SipPeers.Kamailio provider = SipPeers.Kamailio.start(KAMAILIO, USER, PASSWORD, FAR_END);
        try {
            writeAccount();
            expect("dialtone/line/REGISTERED", line);
            assertEquals("REGISTERED", lineService("sip.line.state"));
            assertEquals(null, lineService("sip.line.error"));

            // The provider comes back knowing another password: the next REGISTER is refused.
            provider.close();
            provider = SipPeers.Kamailio.start(KAMAILIO, USER, "another-password", FAR_END);
            assertTrue(shell("line:register state").contains("registering state"));
            expect("dialtone/line/UNREGISTERED", Map.of("participant", "line/state", "reason.text",
                    Pattern.quote("authentication failed (401 Unauthorized); retry in ") + "\\d+ s"));
            assertEquals("FAILED", lineService("sip.line.state"));
            assertTrue(lineService("sip.line.error"), lineService("sip.line.error").startsWith("authentication failed"));

            // The right password again: up again.
            provider.close();
            provider = SipPeers.Kamailio.start(KAMAILIO, USER, PASSWORD, FAR_END);
            assertTrue(shell("line:register state").contains("registering state"));
            expect("dialtone/line/REGISTERED", line);

            // The account's file deleted: the line stops and says so.
            Files.delete(Paths.get(context.getProperty("felix.fileinstall.dir"), ACCOUNT.fileName()));
            expect("dialtone/line/UNREGISTERED", Map.of("participant", "line/state", "reason.text", "line stopped"));
            awaitShell("line:list", "no SIP accounts");
            expectNothingOnTheCallMonitorFeed();
        } finally {
            Files.deleteIfExists(Paths.get(context.getProperty("felix.fileinstall.dir"), ACCOUNT.fileName()));
            provider.close();
        }
    }

    // ---- handsets and dongles -------------------------------------------------------------------

    @Test
    public void anEmulatedHandsetIsSeenSubscribingAndBeingRemoved() throws Exception {
        EmulatedHandsets handsets = new EmulatedHandsets(this);
        try {
            handsets.plugAndSubscribe(2, 1);
            expect("dialtone/handset/SUBSCRIBED", Map.of("participant", "dect/1", "number", "1"));
            handsets.openRegistration();
            shell("emu:hs 2 subscribe");
            expect("dialtone/handset/SUBSCRIBED", Map.of("participant", "dect/2", "number", "2"));

            assertTrue(shell("dect:delete 1").contains("handset 1 deleted"));
            expect("dialtone/handset/REMOVED", Map.of("participant", "dect/1", "number", "1"));
            expectNothingOnTheCallMonitorFeed();
        } finally {
            handsets.reset();
        }
        expect("dialtone/handset/REMOVED", Map.of("participant", "dect/2", "number", "2"));
    }

    @Test
    public void emulatedDonglesAreSeenPluggedAndUnpluggedWithKindSerialAndRevision() throws Exception {
        try {
            assertTrue(shell("emu:plug dect 1").contains("plugged DECT base revision 1"));
            expect("dialtone/dongle/PLUGGED",
                    Map.of("device.kind", "dect", "device.serial", "EMU-DECT-R1", "device.revision", "1"));
            shell("emu:unplug dect");
            expect("dialtone/dongle/UNPLUGGED",
                    Map.of("device.kind", "dect", "device.serial", "EMU-DECT-R1", "device.revision", "1"));

            String plugged = shell("emu:plug fxs 1");
            assertTrue(plugged, plugged.contains("plugged emulated FXS adapter"));
            expect("dialtone/dongle/PLUGGED",
                    Map.of("device.kind", "fxs", "device.serial", "EMU-FXS-1", "device.revision", "1"));
            shell("emu:unplug fxs");
            expect("dialtone/dongle/UNPLUGGED",
                    Map.of("device.kind", "fxs", "device.serial", "EMU-FXS-1", "device.revision", "1"));
            expectNothingOnTheCallMonitorFeed();
        } finally {
            shell("emu:unplug dect");
            shell("emu:unplug fxs");
        }
    }
}
