package dialtone.hw.dect.link;

import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.audio.dev.DeviceChannel;
import dialtone.hw.dect.DectCommand;
import dialtone.hw.dect.DectDriver;
import dialtone.hw.dect.DectEvent;
import dialtone.hw.usb.UsbDevice;

/**
 * A vendor driver for one plugged dongle: its revision's {@link FrameProtocol} pumped over the
 * device's link on the driver's own threads. A revision's driver component usually lets
 * {@link LinkDrivers} create one per bound dongle; a subclass calls {@link #stop()} when its
 * device goes.
 */
@ConsumerType
public abstract class LinkDriver implements DectDriver {

    private static final Logger log = LoggerFactory.getLogger(LinkDriver.class);

    private final int revision;
    private final UsbDevice device;
    private final String version;
    private final LinkPump pump;

    protected LinkDriver(int revision, UsbDevice device, BundleContext context, FrameProtocol protocol) {
        this.revision = revision;
        this.device = device;
        this.version = context.getBundle().getVersion().toString();
        this.pump = new LinkPump("dect-rev" + revision, device, protocol);
        log.info("dect rev{} driver {} bound to {}", revision, version, device.serial());
    }

    /** Stops the pump's threads and lets the device go. */
    protected final void stop() {
        pump.stop();
        log.info("dect rev{} driver {} released {}", revision, version, device.serial());
    }

    @Override
    public final int revision() {
        return revision;
    }

    @Override
    public final String device() {
        return device.serial();
    }

    @Override
    public final String describe() {
        return "rev" + revision + " driver " + version + " on " + device.serial() + " (" + pump.counters() + ")";
    }

    @Override
    public final void start(Consumer<DectEvent> events) {
        pump.start(events);
    }

    @Override
    public final void send(DectCommand command) {
        pump.send(command);
    }

    @Override
    public final DeviceChannel voice(int handset) {
        return pump.voice(handset);
    }
}
