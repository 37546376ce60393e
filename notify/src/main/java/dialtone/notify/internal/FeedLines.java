package dialtone.notify.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Collection;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dialtone.notify.NotifyEvents;

/**
 * The two line formats of the feeds. The call-monitor format is the one router call monitors
 * have used for years ({@code date;RING;id;caller;called;line;} and so on), so clients written
 * for it work unchanged; the JSON format carries every property of every event.
 */
final class FeedLines {

    /** The version of the JSON lines format, its {@code v} field. */
    static final int JSON_VERSION = 1;

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yy HH:mm:ss");

    private final ZoneId zone;

    FeedLines(ZoneId zone) {
        this.zone = zone;
    }

    /** The call-monitor line of a call event, with its line end; null for events that format has no line for. */
    String callMonitor(Event event) {
        String type;
        String[] fields;
        switch (event.getTopic()) {
            case NotifyEvents.CALL_RING -> {
                type = "RING";
                fields = new String[] { text(event, NotifyEvents.CALLER), text(event, NotifyEvents.CALLED),
                        text(event, NotifyEvents.LINE) };
            }
            case NotifyEvents.CALL_CALL -> {
                type = "CALL";
                String line = NotifyEvents.INTERNAL.equals(event.getProperty(NotifyEvents.DIRECTION))
                        ? NotifyEvents.INTERNAL : text(event, NotifyEvents.LINE);
                fields = new String[] { text(event, NotifyEvents.EXTENSION), text(event, NotifyEvents.CALLER),
                        text(event, NotifyEvents.CALLED), line };
            }
            case NotifyEvents.CALL_CONNECT -> {
                type = "CONNECT";
                fields = new String[] { text(event, NotifyEvents.EXTENSION), text(event, NotifyEvents.NUMBER) };
            }
            case NotifyEvents.CALL_DISCONNECT -> {
                type = "DISCONNECT";
                fields = new String[] { text(event, NotifyEvents.DURATION) };
            }
            default -> {
                return null;
            }
        }
        StringBuilder line = new StringBuilder(80);
        line.append(DATE.format(time(event).atZone(zone))).append(';').append(type).append(';')
                .append(connectionId(text(event, NotifyEvents.CALL_ID))).append(';');
        for (String field : fields) {
            line.append(field).append(';');
        }
        return line.append("\r\n").toString();
    }

    /** The JSON line of any event, with its line end. */
    String json(Event event) {
        JsonObject object = new JsonObject();
        object.addProperty("v", JSON_VERSION);
        String topic = event.getTopic();
        object.addProperty("event", topic.substring(topic.lastIndexOf('/') + 1));
        object.addProperty("topic", topic);
        object.addProperty("time", time(event).toString());
        String[] names = event.getPropertyNames();
        Arrays.sort(names);
        for (String name : names) {
            if (name.equals(EventConstants.EVENT_TOPIC) || name.equals(NotifyEvents.TIMESTAMP)) {
                continue;
            }
            Object value = event.getProperty(name);
            if (value instanceof Number number) {
                object.addProperty(name, number);
            } else if (value instanceof Boolean bool) {
                object.addProperty(name, bool);
            } else if (value instanceof Object[] array) {
                object.add(name, array(Arrays.asList(array)));
            } else if (value instanceof Collection<?> collection) {
                object.add(name, array(collection));
            } else if (value != null) {
                object.addProperty(name, value.toString());
            }
        }
        return object + "\n";
    }

    private static JsonArray array(Collection<?> values) {
        JsonArray array = new JsonArray(values.size());
        for (Object value : values) {
            array.add(String.valueOf(value));
        }
        return array;
    }

    private static Instant time(Event event) {
        return event.getProperty(NotifyEvents.TIMESTAMP) instanceof Long millis ? Instant.ofEpochMilli(millis)
                : Instant.now();
    }

    /** A call id such as {@code c17} becomes {@code 17}: call-monitor clients read the id as a number. */
    static String connectionId(String callId) {
        int digits = 0;
        while (digits < callId.length() && !Character.isDigit(callId.charAt(digits))) {
            digits++;
        }
        String number = callId.substring(digits);
        return !number.isEmpty() && number.chars().allMatch(Character::isDigit) ? number : callId;
    }

    /** A field as text, with the separator and line ends taken out so a value cannot break the line. */
    private static String text(Event event, String key) {
        Object value = event.getProperty(key);
        if (value == null) {
            return "";
        }
        return value.toString().replace(';', ' ').replace('\r', ' ').replace('\n', ' ');
    }
}
