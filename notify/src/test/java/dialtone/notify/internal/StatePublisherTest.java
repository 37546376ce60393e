package dialtone.notify.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

public class StatePublisherTest {

    /** Records what is posted; sending synchronously is not what the publisher may use. */
    private static final class Recorder implements EventAdmin {
        final List<String> posted = new ArrayList<>();

        @Override
        public void postEvent(Event event) {
            Map<String, Object> properties = new TreeMap<>();
            for (String name : event.getPropertyNames()) {
                if (!name.equals("event.topics") && !name.equals("timestamp")) {
                    properties.put(name, event.getProperty(name));
                }
            }
            posted.add(event.getTopic() + " " + properties);
        }

        @Override
        public void sendEvent(Event event) {
            throw new AssertionError("sendEvent blocks its caller: " + event.getTopic());
        }
    }

    /** The configuration with its defaults, and the given values instead where named. */
    private static NotifyFeed.Config config(Map<String, Object> values) {
        return (NotifyFeed.Config) Proxy.newProxyInstance(NotifyFeed.Config.class.getClassLoader(),
                new Class<?>[] { NotifyFeed.Config.class }, (proxy, method, args) -> {
                    Object value = values.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
    }

    private final Recorder events = new Recorder();
    private final StatePublisher publisher = new StatePublisher(events, config(Map.of()));

    private static Map<String, Object> line(long id, String state, String error) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.id", id);
        properties.put("participant.name", "line/home");
        properties.put("participant.kind", "line");
        properties.put("sip.line", "home");
        properties.put("sip.line.state", state);
        if (error != null) {
            properties.put("sip.line.error", error);
        }
        return properties;
    }

    private static Map<String, Object> usb(long id, int vendor, int product, int revision, String serial) {
        return Map.of("service.id", id, "usb.vendor", vendor, "usb.product", product, "usb.revision", revision,
                "usb.serial", serial, "usb.source", "usb");
    }

    @Test
    public void aLineIsAnnouncedWhenItRegistersAndWhenItFailsButNotWhileItRefreshes() {
        publisher.bindParticipant(line(7, "UNREGISTERED", null));
        publisher.updatedParticipant(line(7, "REGISTERING", null));
        publisher.updatedParticipant(line(7, "REGISTERED", null));
        publisher.updatedParticipant(line(7, "REGISTERING", null));
        publisher.updatedParticipant(line(7, "REGISTERED", null));
        publisher.updatedParticipant(line(7, "FAILED", "authentication failed (401 Unauthorized); retry in 5 s"));
        publisher.updatedParticipant(line(7, "FAILED", "REGISTER refused (503 Service Unavailable); retry in 10 s"));
        publisher.updatedParticipant(line(7, "REGISTERED", null));
        assertEquals(List.of("dialtone/line/REGISTERED {participant=line/home}",
                "dialtone/line/UNREGISTERED {participant=line/home, reason.text=authentication failed (401 Unauthorized); retry in 5 s}",
                "dialtone/line/REGISTERED {participant=line/home}"), events.posted);
    }

    @Test
    public void aRegisteredLineWhoseServiceGoesIsAnnouncedDownOnceAndADownOneNotAtAll() {
        publisher.bindParticipant(line(7, "REGISTERED", null));
        publisher.unbindParticipant(line(7, "REGISTERED", null));
        publisher.bindParticipant(line(8, "FAILED", "no answer"));
        publisher.unbindParticipant(line(8, "FAILED", "no answer"));
        assertEquals(List.of("dialtone/line/REGISTERED {participant=line/home}",
                "dialtone/line/UNREGISTERED {participant=line/home, reason.text=line stopped}"), events.posted);
    }

    @Test
    public void aLineServiceWithoutARegistrationStateIsNeverAnnounced() {
        Map<String, Object> other = Map.of("service.id", 3L, "participant.name", "line/test", "participant.kind", "line");
        publisher.bindParticipant(other);
        publisher.updatedParticipant(other);
        publisher.unbindParticipant(other);
        assertEquals(List.of(), events.posted);
    }

    @Test
    public void handsetsAreAnnouncedWithTheirNumberAndPortsAreNot() {
        Map<String, Object> handset = Map.of("service.id", 4L, "participant.name", "dect/2", "participant.kind",
                "handset", "participant.number", "2");
        Map<String, Object> port = Map.of("service.id", 5L, "participant.name", "fxs/1", "participant.kind", "port",
                "participant.number", "21");
        publisher.bindParticipant(handset);
        publisher.bindParticipant(port);
        publisher.updatedParticipant(handset);
        publisher.unbindParticipant(port);
        publisher.unbindParticipant(handset);
        assertEquals(List.of("dialtone/handset/SUBSCRIBED {number=2, participant=dect/2}",
                "dialtone/handset/REMOVED {number=2, participant=dect/2}"), events.posted);
    }

    @Test
    public void dectBasesAndFxsAdaptersArePluggedAndUnpluggedAndOtherUsbDevicesAreNot() {
        publisher.bindDevice(usb(10, 0xDEC7, 1, 2, "EMU-DECT-R2"));
        publisher.bindDevice(usb(11, 0x1209, 0x5A1C, 3, "EMU-FXS-3"));
        publisher.bindDevice(usb(12, 0x046D, 0xC52B, 0x1201, "keyboard"));
        publisher.unbindDevice(usb(12, 0x046D, 0xC52B, 0x1201, "keyboard"));
        publisher.unbindDevice(usb(10, 0xDEC7, 1, 2, "EMU-DECT-R2"));
        publisher.unbindDevice(usb(11, 0x1209, 0x5A1C, 3, "EMU-FXS-3"));
        assertEquals(List.of(
                "dialtone/dongle/PLUGGED {device.kind=dect, device.revision=2, device.serial=EMU-DECT-R2}",
                "dialtone/dongle/PLUGGED {device.kind=fxs, device.revision=3, device.serial=EMU-FXS-3}",
                "dialtone/dongle/UNPLUGGED {device.kind=dect, device.revision=2, device.serial=EMU-DECT-R2}",
                "dialtone/dongle/UNPLUGGED {device.kind=fxs, device.revision=3, device.serial=EMU-FXS-3}"), events.posted);
    }

    @Test
    public void configuredFiltersPickTheDonglesAndAWrongOneIsRefusedForItsDefault() {
        var kinds = StatePublisher.kinds(config(Map.of("dongle_dect", "(usb.vendor=1234", "dongle_fxs",
                "(&(usb.vendor=4660)(usb.product=2))")));
        assertEquals("dect", StatePublisher.kindOf(kinds, usb(1, 0xDEC7, 1, 1, "a")));
        assertEquals("fxs", StatePublisher.kindOf(kinds, usb(2, 4660, 2, 1, "b")));
        assertNull(StatePublisher.kindOf(kinds, usb(3, 0x1209, 0x5A1C, 3, "c")));
    }

    @Test
    public void aDongleUnpluggedAfterTheFiltersChangedIsAnnouncedAsTheKindItWasPluggedAs() {
        publisher.bindDevice(usb(10, 0xDEC7, 1, 2, "EMU-DECT-R2"));
        publisher.modified(config(Map.of("dongle_dect", "(usb.vendor=1)")));
        publisher.unbindDevice(usb(10, 0xDEC7, 1, 2, "EMU-DECT-R2"));
        assertEquals("dialtone/dongle/UNPLUGGED {device.kind=dect, device.revision=2, device.serial=EMU-DECT-R2}",
                events.posted.get(1));
    }
}
