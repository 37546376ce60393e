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
import java.time.Duration;
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
 * The notify feeds in the real runtime: test participants registered as a line and handsets, an
 * emulated FXS phone calling out through a real SIP line registered at kamailio to sipp, calls
 * placed on the call core, and real TCP clients on loopback reading both feeds.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NotifyIT extends DialtoneTestBase {

    private static final int CALL_MONITOR = 27021;
    private static final int JSON = 27022;
    private static final String DATE = "\\d\\d\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d;";
    // SIP peers of this class: kamailio as the provider, sipp as the far end of outgoing calls.
    static final int KAMAILIO = 25240;
    static final int FAR_END = 25241;
    static final int LINE = 25242;
    static final String USER = "2201";
    static final String PASSWORD = "notify-test-pw-3";

    // Started once for the class and stopped by SipPeers when the JVM ends.
    private static SipPeers.Kamailio kamailio;

    @Inject
    private EventAdmin eventAdmin;

    private final TestParticipant line = new TestParticipant("line/home");
    private final TestParticipant dect1 = new TestParticipant("test/hs11");
    private final TestParticipant dect2 = new TestParticipant("test/hs12");
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final List<BufferedReader> callMonitorClients = new ArrayList<>();
    private final List<BufferedReader> jsonClients = new ArrayList<>();

    /** Both feeds on loopback, with a buffer that holds a burst but not a stalled client's backlog. */
    @Override
    protected Option[] extraOptions() {
        try {
            Path etc = configFolder();
            Files.writeString(etc.resolve("dialtone.notify.cfg"), "callmonitor.enabled = true\ncallmonitor.port = "
                    + CALL_MONITOR + "\njson.enabled = true\njson.port = " + JSON + "\naddress = 127.0.0.1\n"
                    + "max.clients = 8\nclient.buffer.bytes = 1048576\nallow = 127.0.0.0/8\n");
            // Dialled numbers go out on the real line, not on the test participant named line/home.
            Files.writeString(etc.resolve("dialtone.core.dialplan.cfg"), "rules = [0-9*]+=notify\n");
            Files.writeString(etc.resolve("dialtone.audio.dev.cfg"),
                    "rtp.address = 127.0.0.1\nrtp.port.min = 27200\nrtp.port.max = 27263\n");
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

    /** The SIP account {@code notify} at kamailio, written once for the class. */
    private void writeAccount() throws Exception {
        new SipAccount("notify", KAMAILIO, USER, PASSWORD, LINE, 120, "25286-25299")
                .writeTo(Paths.get(context.getProperty("felix.fileinstall.dir")));
    }

    @Before
    public void setUp() throws Exception {
        if (kamailio == null) {
            kamailio = SipPeers.Kamailio.start(KAMAILIO, USER, PASSWORD, FAR_END);
            // Wait for the line's REGISTERED event itself, so it reaches no client of the checks
            // (notify:tail counts every event).
            LinkedBlockingQueue<Event> up = new LinkedBlockingQueue<>();
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(EventConstants.EVENT_TOPIC, "dialtone/line/REGISTERED");
            ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, up::add,
                    properties);
            try {
                Thread.sleep(200); // the handler registration reaches the Event Admin asynchronously
                writeAccount();
                Event registered = up.poll(15, TimeUnit.SECONDS);
                assertTrue("the line notify never registered", registered != null);
                assertEquals("line/notify", registered.getProperty("participant"));
            } finally {
                handler.unregister();
            }
        }
        register(line, "line", null);
        register(dect1, "handset", "11");
        register(dect2, "handset", "12");
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
            assertMatch(expected, got);
        }
    }

    /**
     * Reads the next {@code expected.size()} call events from every JSON client and checks each got
     * exactly these. Line, handset and dongle events (other posters, in their own order) are passed
     * over: {@code NotifyStateIT} checks those.
     */
    private void expectJson(List<String> expected) throws IOException {
        for (BufferedReader client : jsonClients) {
            List<String> got = new ArrayList<>();
            while (got.size() < expected.size()) {
                String line = client.readLine();
                if (line == null) {
                    break;
                }
                if (isCallEvent(line)) {
                    got.add(summary(line));
                }
            }
            assertMatch(expected, got);
        }
    }

    private static boolean isCallEvent(String jsonLine) {
        return jsonLine.contains("\"topic\":\"dialtone/call/");
    }

    /** Each line must match its expected one, where {@code <n>} stands for any number of seconds. */
    private static void assertMatch(List<String> expected, List<String> got) {
        boolean same = expected.size() == got.size();
        for (int i = 0; same && i < expected.size(); i++) {
            String pattern = java.util.regex.Pattern.quote(expected.get(i)).replace("<n>", "\\E\\d+\\Q");
            same = got.get(i) != null && got.get(i).matches(pattern);
        }
        if (!same) {
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

        // Outgoing: the emulated analog phone (fxs/1, number 21) dials out through the SIP line
        // notify, kamailio and sipp answer, the phone hangs up.
        String out = callOutFromTheAnalogPhone("0307654321");

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
                "CALL;" + out.substring(1) + ";91;91;0307654321;line/notify;",
                "CONNECT;" + out.substring(1) + ";91;0307654321;",
                "DISCONNECT;" + out.substring(1) + ";<n>;",
                "CALL;" + id(internal) + ";11;11;12;internal;",
                "CONNECT;" + id(internal) + ";12;11;",
                "DISCONNECT;" + id(internal) + ";0;",
                "RING;" + id(missed) + ";0301111111;5550100;line/home;",
                "DISCONNECT;" + id(missed) + ";0;"));
        String i = in.id();
        String o = out;
        String n = internal.id();
        String m = missed.id();
        expectJson(List.of(
                "RING call.id=" + i + " direction=in caller=0301234567 called=5550100 line=line/home",
                "ALERTING call.id=" + i + " direction=in participant=test/hs11 extension=11",
                "ALERTING call.id=" + i + " direction=in participant=test/hs12 extension=12",
                "CONNECT call.id=" + i + " direction=in line=line/home participant=test/hs12 extension=12 number=0301234567",
                "DISCONNECT call.id=" + i + " direction=in line=line/home extension=12 duration=0 answered=true reason=NORMAL",
                "CALL call.id=" + o + " direction=out caller=91 called=0307654321 line=line/notify extension=91",
                "ALERTING call.id=" + o + " direction=out participant=line/notify",
                "CONNECT call.id=" + o + " direction=out line=line/notify participant=line/notify extension=91 number=0307654321",
                "DISCONNECT call.id=" + o + " direction=out line=line/notify extension=91 duration=<n> answered=true reason=NORMAL",
                "CALL call.id=" + n + " direction=internal caller=11 called=12 extension=11",
                "ALERTING call.id=" + n + " direction=internal participant=test/hs12 extension=12",
                "CONNECT call.id=" + n + " direction=internal participant=test/hs12 extension=12 number=11",
                "DISCONNECT call.id=" + n + " direction=internal extension=12 duration=0 answered=true reason=NORMAL",
                "RING call.id=" + m + " direction=in caller=0301111111 called=5550100 line=line/home",
                "ALERTING call.id=" + m + " direction=in participant=test/hs11 extension=11",
                "ALERTING call.id=" + m + " direction=in participant=test/hs12 extension=12",
                "DISCONNECT call.id=" + m + " direction=in line=line/home duration=0 answered=false reason=CANCELLED"));
    }

    /**
     * Plugs the emulated FXS adapter, takes its phone off hook, dials {@code number} and hangs up
     * once sipp answered through kamailio; returns the call's id as an {@code EventHandler} heard it.
     */
    private String callOutFromTheAnalogPhone(String number) throws Exception {
        await(() -> SipAccount.registered(context, "notify") ? Boolean.TRUE : null, "the line notify registered");
        LinkedBlockingQueue<Event> calls = new LinkedBlockingQueue<>();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, "dialtone/call/CALL");
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, calls::add, properties);
        try (SipPeers.Sipp farEnd = SipPeers.Sipp.start("outgoing-answer.xml", FAR_END, 0, null, 1)) {
            SipPeers.awaitBound(FAR_END, Duration.ofSeconds(5));
            Thread.sleep(200); // the handler registration reaches the Event Admin asynchronously
            assertTrue(shell("emu:plug fxs").contains("plugged emulated FXS adapter"));
            awaitShell("fxs:ports", "fxs/1 on-hook");
            shell("emu:port 1 offhook");
            awaitShell("emu:port 1", "dial tone");
            shell("emu:port 1 dtmf '" + number + "#'");
            awaitShell("fxs:ports", "fxs/1 off-hook TALKING");
            shell("emu:port 1 onhook");
            assertEquals("sipp failed:\n" + farEnd.output(), 0, farEnd.await(Duration.ofSeconds(30)));
            Event call = calls.poll(5, TimeUnit.SECONDS);
            assertTrue("no CALL event", call != null);
            assertEquals("fxs/1", call.getProperty("origin"));
            awaitShell("call:list", "no calls");
            return (String) call.getProperty("call.id");
        } finally {
            handler.unregister();
            shell("emu:unplug fxs");
        }
    }

    @Test
    public void aCallBetweenEmulatedHandsetsReachesTheFeedAsAnInternalCall() throws Exception {
        EmulatedHandsets handsets = new EmulatedHandsets(this);
        handsets.plugAndSubscribe(2, 1, 2);
        try {
            handsets.act(1, "dial '**2'");
            handsets.await(2, "ringing yes");
            handsets.act(2, "answer");
            handsets.await(1, "call connected");
            handsets.act(2, "onhook");
            handsets.await(1, "call idle");
            for (BufferedReader client : callMonitorClients) {
                String call = undated(client.readLine());
                assertTrue(call, call.matches("CALL;\\d+;1;[^;]*;[^;]*;internal;"));
                String id = call.split(";")[1];
                assertEquals("CONNECT;" + id + ";2;", undated(client.readLine()).replaceAll(";[^;]*;$", ";"));
                String end = undated(client.readLine());
                assertTrue(end, end.matches("DISCONNECT;" + id + ";\\d+;"));
            }
        } finally {
            handsets.reset();
            // Their REMOVED events are posted as the handsets' services go: before the next check.
            await(() -> context.getServiceReferences(Participant.class, "(participant.name=dect/*)").isEmpty()
                    ? Boolean.TRUE : null, "the emulated handsets' services gone");
        }
    }

    /** A participant for bulk calls: it keeps nothing, the test drives its legs from the loop. */
    private static final class Quiet implements Participant {
        private final String name;

        Quiet(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(EnumSet.of(Codec.PCMA), 1, EnumSet.noneOf(Capabilities.Feature.class));
        }

        @Override
        public void offer(Leg leg, Offer offer) {
        }

        @Override
        public void alerting(Leg leg) {
        }

        @Override
        public void connected(Leg leg, Media media) {
        }

        @Override
        public void released(Leg leg, Reason reason) {
        }
    }

    /** Reads lines on its own thread until it has {@code count} that {@code wanted} takes, or the connection ends. */
    private static CompletableFuture<List<String>> readAll(BufferedReader client, int count,
            java.util.function.Predicate<String> wanted) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>(count);
            try {
                String line;
                while (lines.size() < count && (line = client.readLine()) != null) {
                    if (wanted.test(line)) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                lines.add("failed: " + e);
            }
            return lines;
        });
    }

    /** True when the server closed the connection: the stream ends (after what was already sent) or is reset. */
    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        try {
            while (in.read(buffer) >= 0) {
                // what was sent before the drop
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static String micros(long nanos) {
        return String.format("%.1f us", nanos / 1000.0);
    }

    @Test
    public void aClientThatStopsReadingIsDroppedWhileTheOthersAndTheCallCoreGoOn() throws Exception {
        Quiet a = new Quiet("test/hs13");
        Quiet b = new Quiet("test/hs14");
        register(a, "handset", "13");
        register(b, "handset", "14");
        syncJsonClients(); // past the two handsets' SUBSCRIBED events
        Socket stalled = connect(JSON, 4096);
        awaitClients(5);

        int calls = 2_500;
        List<CompletableFuture<List<String>>> readers = new ArrayList<>();
        for (BufferedReader client : callMonitorClients) {
            readers.add(readAll(client, 3 * calls, line -> true));
        }
        for (BufferedReader client : jsonClients) {
            readers.add(readAll(client, 4 * calls, NotifyIT::isCallEvent));
        }
        LoopStats before = core.stats();
        long started = System.nanoTime();
        Offer offer = new Offer(CallerId.of("13"), "14", Media.of(List.of(Codec.PCMA)));
        // Four events a call (placed, ringing, answered, ended): 10 000 events. One call a turn of the
        // loop, so each handler the figures count is one message.
        for (int done = 0; done < calls; done++) {
            onLoop(() -> {
                Call call = core.calls().place(a, offer, List.of(b));
                Leg target = call.legs().get(1);
                target.alerting();
                target.answer(Media.of(List.of(Codec.PCMA)));
                call.origin().release(Reason.NORMAL);
                return null;
            });
        }
        drain();
        long loopNanos = System.nanoTime() - started;
        LoopStats after = core.stats();

        for (int r = 0; r < readers.size(); r++) {
            List<String> lines = readers.get(r).get(30, TimeUnit.SECONDS);
            boolean json = r >= callMonitorClients.size();
            assertEquals("client " + r + " lines", (json ? 4 : 3) * calls, lines.size());
            assertTrue(lines.get(0), json ? lines.get(0).contains("\"event\":\"CALL\"") : lines.get(0).contains(";CALL;"));
            String last = lines.get(lines.size() - 1);
            assertTrue(last, json ? last.contains("\"event\":\"DISCONNECT\"") : last.contains(";DISCONNECT;"));
        }
        awaitClients(4);
        assertTrue("the stalled client's connection is closed", closedByServer(stalled));
        assertEquals(0, after.failed() - before.failed());
        System.out.printf("NotifyIT slow client: %d calls, %d events in %d ms; call-core handled %d messages, "
                + "handler p50 %s, p99 %s, max %s (since start; before: p99 %s, max %s)%n", calls, 4 * calls,
                TimeUnit.NANOSECONDS.toMillis(loopNanos), after.handled() - before.handled(), micros(after.handlerP50()),
                micros(after.handlerP99()), micros(after.handlerMax()), micros(before.handlerP99()),
                micros(before.handlerMax()));
    }

    @Test
    public void randomBytesAndAFloodOfConnectionsNeverAffectCalls() throws Exception {
        byte[] noise = new byte[64 * 1024];
        new Random(10).nextBytes(noise);
        for (Socket socket : sockets) {
            socket.getOutputStream().write(noise);
        }
        // Four clients are connected and the limit is eight: most of these are refused at once.
        List<Socket> flood = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Socket socket = connect(i % 2 == 0 ? CALL_MONITOR : JSON, 0);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(noise, 0, 1024);
            flood.add(socket);
        }
        Call call = place(line, offer("0309999999", "", "5550100"), dect1);
        dect1.leg().alerting();
        line.next("alerting");
        dect1.leg().answer(dect1.media());
        line.next("connected");
        dect1.leg().release(Reason.NORMAL);
        line.next("released");
        expectCallMonitor(List.of("RING;" + id(call) + ";0309999999;5550100;line/home;",
                "CONNECT;" + id(call) + ";11;0309999999;", "DISCONNECT;" + id(call) + ";0;"));
        int refused = 0;
        for (Socket socket : flood) {
            if (closedByServer(socket)) {
                refused++;
            }
        }
        assertTrue("refused " + refused, refused >= 56);
        for (Socket socket : flood) {
            socket.close();
        }
        sockets.removeAll(flood);
    }

    @Test
    public void anotherBundleHearsTheCallEventsAndItsOwnEventsReachTheJsonFeed() throws Exception {
        LinkedBlockingQueue<Event> heard = new LinkedBlockingQueue<>();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, "dialtone/call/RING");
        registrations.add(context.registerService(EventHandler.class, heard::add, properties));
        Thread.sleep(200); // the handler registration reaches the Event Admin asynchronously

        Call call = place(line, offer("0305555555", "Bob", "5550100"), dect1);
        Event ring = heard.poll(5, TimeUnit.SECONDS);
        assertEquals(call.id(), ring.getProperty("call.id"));
        assertEquals("0305555555", ring.getProperty("caller"));
        assertEquals("Bob", ring.getProperty("caller.name"));
        assertEquals("line/home", ring.getProperty("line"));
        assertTrue(ring.getProperty("timestamp") instanceof Long);
        line.leg().release(Reason.CANCELLED);
        dect1.next("released");

        // Posted from this thread, it may come before or after the call's last event (posted by the
        // publisher's thread): order holds among the events of one poster only.
        eventAdmin.postEvent(new Event("dialtone/line/REGISTERED", Map.of("participant", "line/home")));
        for (BufferedReader client : jsonClients) {
            List<String> calls = new ArrayList<>();
            List<String> others = new ArrayList<>();
            while (calls.size() + others.size() < 3) {
                String line = client.readLine();
                if (isCallEvent(line)) {
                    calls.add(summary(line));
                } else if (line.contains("\"participant\":\"line/home\"")) {
                    others.add(summary(line));
                }
            }
            assertEquals(List.of("RING call.id=" + call.id() + " direction=in caller=0305555555 called=5550100 line=line/home",
                    "DISCONNECT call.id=" + call.id() + " direction=in line=line/home duration=0 answered=false reason=CANCELLED"),
                    calls);
            assertEquals(List.of("REGISTERED participant=line/home"), others);
        }
        expectCallMonitor(List.of("RING;" + id(call) + ";0305555555;5550100;line/home;",
                "DISCONNECT;" + id(call) + ";0;"));
    }

    @Test
    public void tailShowsEventsAsTheyHappenAndStopsByItself() throws Exception {
        CompletableFuture<String> tail = CompletableFuture.supplyAsync(() -> {
            try {
                return shell("notify:tail --count 3 --seconds 20");
            } catch (Exception e) {
                return "failed: " + e;
            }
        });
        for (int i = 0; i < 100 && !tail.isDone(); i++) {
            eventAdmin.postEvent(new Event("dialtone/handset/SUBSCRIBED", Map.of("participant", "dect/" + i)));
            Thread.sleep(100);
        }
        String out = tail.get(25, TimeUnit.SECONDS);
        assertTrue(out, out.contains("3 events"));
        assertEquals(out, 3, out.lines().filter(l -> l.contains("\"event\":\"SUBSCRIBED\"")).count());
        assertFalse(out, out.contains("failed"));
    }
}
