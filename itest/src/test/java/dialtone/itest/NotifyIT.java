package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dialtone.core.call.Call;
import dialtone.core.call.CallerId;
import dialtone.core.call.Capabilities;
import dialtone.core.call.Codec;
import dialtone.core.call.Leg;
import dialtone.core.call.LoopStats;
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;

/**
 * The notify feeds in the real runtime: test participants registered as line, handsets and a
 * port, calls placed on the call core, and real TCP clients on loopback reading both feeds.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NotifyIT extends DialtoneTestBase {

    private static final int CALL_MONITOR = 27001;
    private static final int JSON = 27002;
    private static final String DATE = "\\d\\d\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d;";

    @Inject
    private EventAdmin eventAdmin;

    private final TestParticipant line = new TestParticipant("line/home");
    private final TestParticipant dect1 = new TestParticipant("dect/1");
    private final TestParticipant dect2 = new TestParticipant("dect/2");
    private final TestParticipant fxs1 = new TestParticipant("fxs/1");
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final List<BufferedReader> callMonitorClients = new ArrayList<>();
    private final List<BufferedReader> jsonClients = new ArrayList<>();

    /** Both feeds on loopback, with a buffer that holds a burst but not a stalled client's backlog. */
    @Override
    protected Option[] extraOptions() {
        try {
            Path etc = Paths.get(System.getProperty("dialtone.itest.dir", "target"), "etc-" + getClass().getSimpleName());
            Files.createDirectories(etc);
            Files.writeString(etc.resolve("dialtone.notify.cfg"), "callmonitor.enabled = true\ncallmonitor.port = "
                    + CALL_MONITOR + "\njson.enabled = true\njson.port = " + JSON + "\naddress = 127.0.0.1\n"
                    + "max.clients = 8\nclient.buffer.bytes = 1048576\nallow = 127.0.0.0/8\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Option[0];
    }

    private void register(Participant participant, String kind, String number) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Participant.NAME, participant.name());
        properties.put(Participant.KIND, kind);
        if (number != null) {
            properties.put(Participant.NUMBER, number);
        }
        registrations.add(context.registerService(Participant.class, participant, properties));
    }

    private Socket connect(int port, int receiveBuffer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                socket.setSoTimeout(10_000);
                sockets.add(socket);
                return socket;
            } catch (IOException e) {
                socket.close();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the feed on port " + port + " never listened", e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private int clientCount() throws Exception {
        return (int) shell("notify:clients").lines().filter(l -> l.contains("127.0.0.1:")).count();
    }

    private void awaitClients(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (clientCount() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " clients:\n" + shell("notify:clients"));
            }
            Thread.sleep(20);
        }
    }

    /** Posts a marker event and reads every JSON client up to it, so each test starts on a quiet feed. */
    private void syncJsonClients() throws IOException {
        String mark = UUID.randomUUID().toString();
        eventAdmin.postEvent(new Event("dialtone/test/MARK", Map.of("mark", mark)));
        for (BufferedReader client : jsonClients) {
            String line;
            do {
                line = client.readLine();
            } while (line != null && !line.contains(mark));
        }
    }

    @Before
    public void setUp() throws Exception {
        register(line, "line", null);
        register(dect1, "handset", "11");
        register(dect2, "handset", "12");
        register(fxs1, "port", "21");
        for (int i = 0; i < 2; i++) {
            callMonitorClients.add(reader(connect(CALL_MONITOR, 0)));
            jsonClients.add(reader(connect(JSON, 0)));
        }
        awaitClients(4);
        syncJsonClients();
    }

    @After
    public void tearDown() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        for (ServiceRegistration<?> registration : registrations) {
            registration.unregister();
        }
        awaitClients(0);
    }

    private Call place(TestParticipant from, Offer offer, TestParticipant... to) throws Exception {
        Call call = onLoop(() -> core.calls().place(from, offer, List.of(to)));
        from.useLeg(call.origin());
        for (TestParticipant target : to) {
            target.next("offer");
        }
        return call;
    }

    private static Offer offer(String caller, String name, String called) {
        return new Offer(new CallerId(caller, name), called, Media.of(List.of(Codec.PCMA, Codec.PCMU)));
    }

    private static String id(Call call) {
        return call.id().substring(1);
    }

    /** Reads {@code count} lines from every client and checks each got exactly {@code expected}. */
    private static void expect(List<BufferedReader> clients, List<String> expected) throws IOException {
        for (BufferedReader client : clients) {
            List<String> got = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                got.add(client.readLine());
            }
            assertEquals(expected, got);
        }
    }

    /** A call-monitor line without its date, after checking the date is there. */
    private static String undated(String line) {
        assertTrue(line, line != null && line.matches(DATE + ".*"));
        return line.substring(18);
    }

    /** The fields of a JSON line this test checks, in one string. */
    private static String summary(String line) {
        JsonObject json = JsonParser.parseString(line).getAsJsonObject();
        assertEquals(line, 1, json.get("v").getAsInt());
        assertTrue(line, json.has("time"));
        StringBuilder out = new StringBuilder(json.get("event").getAsString());
        for (String key : List.of("call.id", "direction", "caller", "called", "line", "participant", "extension",
                "number", "duration", "answered", "reason")) {
            JsonElement value = json.get(key);
            if (value != null) {
                out.append(' ').append(key).append('=').append(value.getAsString());
            }
        }
        return out.toString();
    }

    private void expectCallMonitor(List<String> expected) throws IOException {
        for (BufferedReader client : callMonitorClients) {
            List<String> got = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                got.add(undated(client.readLine()));
            }
            assertEquals(expected, got);
        }
    }

    private void expectJson(List<String> expected) throws IOException {
        for (BufferedReader client : jsonClients) {
            List<String> got = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                got.add(summary(client.readLine()));
            }
            assertEquals(expected, got);
        }
    }

    @Test
    public void incomingOutgoingInternalAndMissedCallsGiveExactlyTheExpectedLinesOnEveryClient() throws Exception {
        // Incoming on the line, both handsets ring, handset 12 answers, the caller hangs up.
        Call in = place(line, offer("0301234567", "Alice", "5550100"), dect1, dect2);
        dect1.leg().alerting();
        dect2.leg().alerting();
        line.next("alerting");
        dect2.leg().answer(dect2.media());
        line.next("connected");
        assertEquals(Reason.ANSWERED_ELSEWHERE, dect1.next("released").detail());
        line.leg().release(Reason.NORMAL);
        dect2.next("released");

        // Outgoing from the FXS phone through the line; the phone hangs up.
        Call out = place(fxs1, offer("21", "", "0307654321"), line);
        line.leg().alerting();
        fxs1.next("alerting");
        line.leg().answer(line.media());
        fxs1.next("connected");
        fxs1.leg().release(Reason.NORMAL);
        line.next("released");

        // Internal: handset 11 calls handset 12, which answers and hangs up.
        Call internal = place(dect1, offer("11", "", "12"), dect2);
        dect2.leg().alerting();
        dect1.next("alerting");
        dect2.leg().answer(dect2.media());
        dect1.next("connected");
        dect2.leg().release(Reason.NORMAL);
        dect1.next("released");

        // Missed: both handsets ring and the caller gives up.
        Call missed = place(line, offer("0301111111", "", "5550100"), dect1, dect2);
        dect1.leg().alerting();
        dect2.leg().alerting();
        line.next("alerting");
        line.leg().release(Reason.CANCELLED);
        dect1.next("released");
        dect2.next("released");

        expectCallMonitor(List.of(
                "RING;" + id(in) + ";0301234567;5550100;line/home;",
                "CONNECT;" + id(in) + ";12;0301234567;",
                "DISCONNECT;" + id(in) + ";0;",
                "CALL;" + id(out) + ";21;21;0307654321;line/home;",
                "CONNECT;" + id(out) + ";21;0307654321;",
                "DISCONNECT;" + id(out) + ";0;",
                "CALL;" + id(internal) + ";11;11;12;internal;",
                "CONNECT;" + id(internal) + ";12;11;",
                "DISCONNECT;" + id(internal) + ";0;",
                "RING;" + id(missed) + ";0301111111;5550100;line/home;",
                "DISCONNECT;" + id(missed) + ";0;"));
        String i = in.id();
        String o = out.id();
        String n = internal.id();
        String m = missed.id();
        expectJson(List.of(
                "RING call.id=" + i + " direction=in caller=0301234567 called=5550100 line=line/home",
                "ALERTING call.id=" + i + " direction=in participant=dect/1 extension=11",
                "ALERTING call.id=" + i + " direction=in participant=dect/2 extension=12",
                "CONNECT call.id=" + i + " direction=in line=line/home participant=dect/2 extension=12 number=0301234567",
                "DISCONNECT call.id=" + i + " direction=in line=line/home extension=12 duration=0 answered=true reason=NORMAL",
                "CALL call.id=" + o + " direction=out caller=21 called=0307654321 line=line/home extension=21",
                "ALERTING call.id=" + o + " direction=out participant=line/home",
                "CONNECT call.id=" + o + " direction=out line=line/home participant=line/home extension=21 number=0307654321",
                "DISCONNECT call.id=" + o + " direction=out line=line/home extension=21 duration=0 answered=true reason=NORMAL",
                "CALL call.id=" + n + " direction=internal caller=11 called=12 extension=11",
                "ALERTING call.id=" + n + " direction=internal participant=dect/2 extension=12",
                "CONNECT call.id=" + n + " direction=internal participant=dect/2 extension=12 number=11",
                "DISCONNECT call.id=" + n + " direction=internal extension=12 duration=0 answered=true reason=NORMAL",
                "RING call.id=" + m + " direction=in caller=0301111111 called=5550100 line=line/home",
                "ALERTING call.id=" + m + " direction=in participant=dect/1 extension=11",
                "ALERTING call.id=" + m + " direction=in participant=dect/2 extension=12",
                "DISCONNECT call.id=" + m + " direction=in line=line/home duration=0 answered=false reason=CANCELLED"));
    }
}
