package dialtone.notify.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.junit.Test;
import org.osgi.service.event.Event;

import dialtone.notify.NotifyEvents;

public class FeedLinesTest {

    private static final long AT = LocalDateTime.of(2026, 12, 1, 21, 5, 9).toInstant(ZoneOffset.UTC).toEpochMilli();

    private final FeedLines lines = new FeedLines(ZoneOffset.UTC);

    private static Event event(String topic, Object... keysAndValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(NotifyEvents.TIMESTAMP, AT);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Event(topic, properties);
    }

    @Test
    public void anIncomingCallRingsWithCallerCalledAndLine() {
        Event ring = event(NotifyEvents.CALL_RING, NotifyEvents.CALL_ID, "c17", NotifyEvents.DIRECTION, NotifyEvents.IN,
                NotifyEvents.CALLER, "0301234567", NotifyEvents.CALLED, "5550100", NotifyEvents.LINE, "line/home");
        assertEquals("01.12.26 21:05:09;RING;17;0301234567;5550100;line/home;\r\n", lines.callMonitor(ring));
    }

    @Test
    public void anOutgoingCallNamesTheExtensionAndTheLine() {
        Event call = event(NotifyEvents.CALL_CALL, NotifyEvents.CALL_ID, "c3", NotifyEvents.DIRECTION, NotifyEvents.OUT,
                NotifyEvents.EXTENSION, "21", NotifyEvents.CALLER, "5550100", NotifyEvents.CALLED, "0301234567",
                NotifyEvents.LINE, "line/home");
        assertEquals("01.12.26 21:05:09;CALL;3;21;5550100;0301234567;line/home;\r\n", lines.callMonitor(call));
    }

    @Test
    public void anInternalCallIsACallOnTheInternalLine() {
        Event call = event(NotifyEvents.CALL_CALL, NotifyEvents.CALL_ID, "c4", NotifyEvents.DIRECTION,
                NotifyEvents.INTERNAL, NotifyEvents.EXTENSION, "11", NotifyEvents.CALLER, "11", NotifyEvents.CALLED, "12");
        assertEquals("01.12.26 21:05:09;CALL;4;11;11;12;internal;\r\n", lines.callMonitor(call));
    }

    @Test
    public void connectAndDisconnectCarryExtensionNumberAndSeconds() {
        assertEquals("01.12.26 21:05:09;CONNECT;17;11;0301234567;\r\n", lines.callMonitor(event(
                NotifyEvents.CALL_CONNECT, NotifyEvents.CALL_ID, "c17", NotifyEvents.EXTENSION, "11",
                NotifyEvents.NUMBER, "0301234567")));
        assertEquals("01.12.26 21:05:09;DISCONNECT;17;42;\r\n", lines.callMonitor(event(NotifyEvents.CALL_DISCONNECT,
                NotifyEvents.CALL_ID, "c17", NotifyEvents.DURATION, 42L)));
    }

    @Test
    public void aSeparatorInAValueCannotBreakTheLine() {
        Event ring = event(NotifyEvents.CALL_RING, NotifyEvents.CALL_ID, "c1", NotifyEvents.CALLER, "12;3\r\n4",
                NotifyEvents.CALLED, "5", NotifyEvents.LINE, "l");
        assertEquals("01.12.26 21:05:09;RING;1;12 3  4;5;l;\r\n", lines.callMonitor(ring));
    }

    @Test
    public void eventsTheCallMonitorFormatHasNoLineForGiveNone() {
        assertNull(lines.callMonitor(event(NotifyEvents.CALL_ALERTING, NotifyEvents.CALL_ID, "c1")));
        assertNull(lines.callMonitor(event(NotifyEvents.LINE_REGISTERED, NotifyEvents.PARTICIPANT, "line/home")));
    }

    @Test
    public void theJsonLineIsVersionedAndCarriesEveryPropertyWithItsType() {
        Event disconnect = event(NotifyEvents.CALL_DISCONNECT, NotifyEvents.CALL_ID, "c17", NotifyEvents.DURATION, 42L,
                NotifyEvents.ANSWERED, true, NotifyEvents.REASON, "NORMAL", NotifyEvents.TARGETS,
                new String[] { "dect/1", "dect/2" }, NotifyEvents.CALLER_NAME, "Zoë \"Z\" \\");
        assertEquals("{\"v\":1,\"event\":\"DISCONNECT\",\"topic\":\"dialtone/call/DISCONNECT\","
                + "\"time\":\"2026-12-01T21:05:09Z\",\"answered\":true,\"call.id\":\"c17\","
                + "\"caller.name\":\"Zoë \\\"Z\\\" \\\\\",\"duration\":42,\"reason\":\"NORMAL\","
                + "\"targets\":[\"dect/1\",\"dect/2\"]}\n", lines.json(disconnect));
    }

    @Test
    public void aCallIdWithoutDigitsStaysAsItIs() {
        assertEquals("17", FeedLines.connectionId("c17"));
        assertEquals("x", FeedLines.connectionId("x"));
        assertEquals("c1a", FeedLines.connectionId("c1a"));
    }
}
