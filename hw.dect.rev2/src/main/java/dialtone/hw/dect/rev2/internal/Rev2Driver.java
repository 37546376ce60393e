package dialtone.hw.dect.rev2.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dialtone.hw.dect.DectDriver;
import dialtone.hw.dect.link.LinkDriver;
import dialtone.hw.usb.UsbDevice;

/**
 * The revision-2 driver: active while a revision-2 dongle is plugged (its reference's target
 * filter, overridable by configuration as {@code device.target}), it drives the dongle's link on
 * its own threads.
 */
@Component(service = DectDriver.class, immediate = true, property = DectDriver.REVISION + ":Integer=2")
public final class Rev2Driver extends LinkDriver {

    /** Vendor 0xDEC7, product 0x0001, bcdDevice 2. */
    static final String DEVICE = "(&(usb.vendor=57031)(usb.product=1)(usb.revision=2))";

    @Activate
    public Rev2Driver(@Reference(name = "device", target = DEVICE) UsbDevice device, BundleContext context) {
        super(2, device, context, new Rev2Protocol());
    }

    @Deactivate
    void deactivate() {
        stop();
    }
}
