package dialtone.hw.dect;

import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

import dialtone.audio.dev.DeviceChannel;

/**
 * What a vendor driver bundle offers the handset model for one plugged DECT base. A driver
 * component binds to its dongle's {@code UsbDevice} and registers this service while the dongle is
 * plugged; the service goes away on unplug or when the driver bundle stops.
 * <p>
 * Both methods return at once: they are called on the call-core thread. The driver does its I/O
 * on its own threads.
 */
@ProviderType
public interface DectDriver {

    /** Service property: the dongle revision the driver speaks, an Integer. */
    String REVISION = "dect.revision";

    /** The dongle revision this driver speaks to. */
    int revision();

    /** The serial of the device it drives, as its {@code usb.serial} service property says. */
    String device();

    /** One line naming the driver and its device, for {@code dect:base}. */
    String describe();

    /**
     * Starts talking to the dongle (opening its link on the driver's thread) and delivers
     * everything the dongle reports to {@code events}, from the driver's threads. Calling it again
     * replaces the receiver. The first event is {@link DectEvent.BaseReady} once the dongle answered.
     */
    void start(Consumer<DectEvent> events);

    /** Queues a command for the dongle. A command the dongle cannot carry is reported as {@link DectEvent.Failure}. */
    void send(DectCommand command);

    /**
     * The voice channel of a handset's call, for the voice thread: 20 ms frames in the codec the
     * call was connected with. Frames flow while the handset has a call connected; the same
     * channel serves every call of the handset. Null when the dongle carries no voice to the host.
     *
     * @since 1.1.0
     */
    default DeviceChannel voice(int handset) {
        return null;
    }
}
