package dialtone.notify.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.core.call.Participant;
import dialtone.hw.usb.UsbDevice;
import dialtone.notify.NotifyEvents;
import dialtone.sip.line.SipLine;

/**
 * Publishes what the exchange's services say about lines, handsets and dongles: a line's
 * {@code Participant} service showing its registration go up or down, a handset's appearing and
 * going, a DECT base's or FXS adapter's {@link UsbDevice} plugged and unplugged. It reads only
 * service properties, on the threads that change those services (never the call-core thread:
 * lines, handsets and devices are registered by their own bundles' threads), and hands each event
 * to the Event Admin with {@code postEvent}, which does not wait for any handler.
 */
@Component(service = {}, immediate = true, configurationPid = NotifyFeed.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class StatePublisher {

    static final String DEFAULT_DECT = "(&(usb.vendor=57031)(usb.product=1))";
    static final String DEFAULT_FXS = "(&(usb.vendor=4617)(usb.product=23068))";
    /** {@link NotifyEvents#REASON_TEXT} of a line whose service went away while it was registered. */
    static final String LINE_STOPPED = "line stopped";

    private static final Logger log = LoggerFactory.getLogger(StatePublisher.class);
    private static final String SERVICE_ID = "service.id";
    // The names of dialtone.sip.line.RegistrationState, as the property shows them; by name, so this
    // bundle needs the SIP lines' package only to compile.
    static final String REGISTERED = "REGISTERED";
    static final String REGISTERING = "REGISTERING";

    private final EventAdmin eventAdmin;
    /** Lines by service id: whether we last said it is registered. */
    private final Map<Object, Boolean> lines = new ConcurrentHashMap<>();
    /** Dongles by service id: the kind they were announced with, so the unplug says the same. */
    private final Map<Object, String> dongles = new ConcurrentHashMap<>();
    private volatile Map<String, Filter> kinds;

    @Activate
    public StatePublisher(@Reference EventAdmin eventAdmin, NotifyFeed.Config config) {
        this.eventAdmin = eventAdmin;
        this.kinds = kinds(config);
    }

    @Modified
    void modified(NotifyFeed.Config config) {
        kinds = kinds(config);
    }

    // ---- lines and handsets ---------------------------------------------------------------------

    @Reference(service = Participant.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, updated = "updatedParticipant")
    void bindParticipant(Map<String, Object> properties) {
        String kind = text(properties, Participant.KIND);
        if ("line".equals(kind)) {
            lines.put(id(properties), Boolean.FALSE);
            line(properties);
        } else if ("handset".equals(kind)) {
            handset(NotifyEvents.HANDSET_SUBSCRIBED, properties);
        }
    }

    void updatedParticipant(Map<String, Object> properties) {
        if ("line".equals(text(properties, Participant.KIND))) {
            line(properties);
        }
    }

    void unbindParticipant(Map<String, Object> properties) {
        String kind = text(properties, Participant.KIND);
        if ("line".equals(kind)) {
            if (Boolean.TRUE.equals(lines.remove(id(properties)))) {
                post(NotifyEvents.LINE_UNREGISTERED, Map.of(NotifyEvents.PARTICIPANT, name(properties),
                        NotifyEvents.REASON_TEXT, LINE_STOPPED));
            }
        } else if ("handset".equals(kind)) {
            handset(NotifyEvents.HANDSET_REMOVED, properties);
        }
    }

    /**
     * A line is up while its state is {@code REGISTERED}; a refresh under way ({@code REGISTERING})
     * leaves it up, a failure or an un-registration takes it down. A line service that does not
     * show a state (not a SIP line) is never announced.
     */
    private void line(Map<String, Object> properties) {
        String state = text(properties, SipLine.STATE);
        if (state.isEmpty()) {
            return;
        }
        boolean registered = REGISTERED.equals(state);
        boolean down = !registered && !REGISTERING.equals(state);
        // Decided atomically: the first change a binding and an update racing at start-up agree on wins.
        boolean[] changed = new boolean[1];
        lines.computeIfPresent(id(properties), (id, up) -> {
            changed[0] = registered ? !up : down && up;
            return changed[0] ? Boolean.valueOf(registered) : up;
        });
        if (!changed[0]) {
            return;
        }
        String name = name(properties);
        if (registered) {
            post(NotifyEvents.LINE_REGISTERED, Map.of(NotifyEvents.PARTICIPANT, name));
        } else {
            String error = text(properties, SipLine.ERROR);
            post(NotifyEvents.LINE_UNREGISTERED, Map.of(NotifyEvents.PARTICIPANT, name, NotifyEvents.REASON_TEXT,
                    error.isEmpty() ? state.toLowerCase(java.util.Locale.ROOT) : error));
        }
    }

    private void handset(String topic, Map<String, Object> properties) {
        Map<String, Object> event = new HashMap<>();
        event.put(NotifyEvents.PARTICIPANT, name(properties));
        String number = text(properties, Participant.NUMBER);
        if (!number.isEmpty()) {
            event.put(NotifyEvents.NUMBER, number);
        }
        post(topic, event);
    }

    // ---- dongles --------------------------------------------------------------------------------

    @Reference(service = UsbDevice.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindDevice(Map<String, Object> properties) {
        String kind = kindOf(kinds, properties);
        if (kind != null) {
            dongles.put(id(properties), kind);
            post(NotifyEvents.DONGLE_PLUGGED, dongle(kind, properties));
        }
    }

    void unbindDevice(Map<String, Object> properties) {
        String kind = dongles.remove(id(properties));
        if (kind != null) {
            post(NotifyEvents.DONGLE_UNPLUGGED, dongle(kind, properties));
        }
    }

    /** The kind of dongle a device is, by the first filter it matches; null for any other USB device. */
    static String kindOf(Map<String, Filter> kinds, Map<String, ?> properties) {
        for (Map.Entry<String, Filter> kind : kinds.entrySet()) {
            if (kind.getValue().matches(properties)) {
                return kind.getKey();
            }
        }
        return null;
    }

    private static Map<String, Object> dongle(String kind, Map<String, Object> properties) {
        Map<String, Object> event = new HashMap<>();
        event.put(NotifyEvents.DEVICE_KIND, kind);
        String serial = text(properties, UsbDevice.SERIAL);
        if (!serial.isEmpty()) {
            event.put(NotifyEvents.DEVICE_SERIAL, serial);
        }
        String revision = text(properties, UsbDevice.REVISION);
        if (!revision.isEmpty()) {
            event.put(NotifyEvents.DEVICE_REVISION, revision);
        }
        return event;
    }

    /** Which USB devices are which dongles; a filter that does not parse is refused by name and its default used. */
    static Map<String, Filter> kinds(NotifyFeed.Config config) {
        Map<String, Filter> kinds = new java.util.LinkedHashMap<>();
        kinds.put("dect", filter("dongle.dect", config.dongle_dect(), DEFAULT_DECT));
        kinds.put("fxs", filter("dongle.fxs", config.dongle_fxs(), DEFAULT_FXS));
        return java.util.Collections.unmodifiableMap(kinds);
    }

    private static Filter filter(String field, String text, String fallback) {
        try {
            return FrameworkUtil.createFilter(text);
        } catch (InvalidSyntaxException | RuntimeException e) {
            log.error("configuration {}: {} = {} refused: not a service filter ({}); using {}", NotifyFeed.PID, field,
                    text, e.getMessage(), fallback);
            try {
                return FrameworkUtil.createFilter(fallback);
            } catch (InvalidSyntaxException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    // ---- publishing -----------------------------------------------------------------------------

    private void post(String topic, Map<String, Object> properties) {
        Map<String, Object> event = new HashMap<>(properties);
        event.put(NotifyEvents.TIMESTAMP, System.currentTimeMillis());
        log.debug("notify: {} {}", topic, properties);
        try {
            eventAdmin.postEvent(new Event(topic, event));
        } catch (RuntimeException e) {
            log.error("notify: {} {} could not be published", topic, properties, e);
        }
    }

    private static Object id(Map<String, ?> properties) {
        Object id = properties.get(SERVICE_ID);
        return id == null ? 0L : id;
    }

    private static String name(Map<String, ?> properties) {
        return text(properties, Participant.NAME);
    }

    private static String text(Map<String, ?> properties, String key) {
        Object value = properties.get(key);
        return value == null ? "" : value.toString();
    }
}
