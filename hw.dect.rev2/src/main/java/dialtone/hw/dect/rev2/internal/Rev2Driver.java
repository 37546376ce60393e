package dialtone.hw.dect.rev2.internal;

import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.hw.dect.DectCommand;
import dialtone.hw.dect.DectDriver;
import dialtone.hw.dect.DectEvent;
import dialtone.hw.dect.link.LinkPump;
import dialtone.hw.usb.UsbDevice;

/**
 * The revision-2 driver: active while a revision-2 dongle is plugged (its reference's target
 * filter, overridable by configuration as {@code device.target}), it drives the dongle's link on
 * its own threads.
 */
@Component(service = DectDriver.class, immediate = true, property = DectDriver.REVISION + ":Integer=2")
public final class Rev2Driver implements DectDriver {

    /** Vendor 0xDEC7, product 0x0001, bcdDevice 2. */
    static final String DEVICE = "(&(usb.vendor=57031)(usb.product=1)(usb.revision=2))";

    private static final Logger log = LoggerFactory.getLogger(Rev2Driver.class);

    private final UsbDevice device;
    private final String version;
    private final LinkPump pump;

    @Activate
    public Rev2Driver(@Reference(name = "device", target = DEVICE) UsbDevice device, BundleContext context) {
        this.device = device;
        this.version = context.getBundle().getVersion().toString();
        this.pump = new LinkPump("dect-rev2", device, new Rev2Protocol());
        log.info("dect rev2 driver {} bound to {}", version, device.serial());
    }

    @Deactivate
    void deactivate() {
        pump.stop();
        log.info("dect rev2 driver {} released {}", version, device.serial());
    }

    @Override
    public int revision() {
        return 2;
    }

    @Override
    public String device() {
        return device.serial();
    }

    @Override
    public String describe() {
        return "rev2 driver " + version + " on " + device.serial() + " (" + pump.counters() + ")";
    }

    @Override
    public void start(Consumer<DectEvent> events) {
        pump.start(events);
    }

    @Override
    public void send(DectCommand command) {
        pump.send(command);
    }
}
