package dialtone.hw.dect.rev1.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dialtone.hw.dect.DectDriver;
import dialtone.hw.dect.link.LinkDriver;
import dialtone.hw.usb.UsbDevice;

/**
 * The revision-1 driver: active while a revision-1 dongle is plugged (its reference's target
 * filter, overridable by configuration as {@code device.target}), it drives the dongle's link on
 * its own threads.
 */
@Component(service = DectDriver.class, immediate = true, property = DectDriver.REVISION + ":Integer=1")
public final class Rev1Driver extends LinkDriver {

    /** Vendor 0xDEC7, product 0x0001, bcdDevice 1. */
    static final String DEVICE = "(&(usb.vendor=57031)(usb.product=1)(usb.revision=1))";

    @Activate
    public Rev1Driver(@Reference(name = "device", target = DEVICE) UsbDevice device, BundleContext context) {
        super(1, device, context, new Rev1Protocol());
    }

    @Deactivate
    void deactivate() {
        stop();
    }
}
