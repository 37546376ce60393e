package dialtone.hw.dect.rev1.internal;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dialtone.hw.dect.link.LinkDrivers;
import dialtone.hw.usb.UsbDevice;

/**
 * The revision-1 driver: it serves every plugged revision-1 dongle (its reference's target filter,
 * overridable by configuration as {@code device.target}), registering a {@code DectDriver} service
 * for each while it is plugged and driving its link on the driver's own threads. With no such
 * dongle it stays active and idle.
 */
@Component(immediate = true)
public final class Rev1Driver {

    /** Vendor 0xDEC7, product 0x0001, bcdDevice 1. */
    static final String DEVICE = "(&(usb.vendor=57031)(usb.product=1)(usb.revision=1))";

    private final LinkDrivers drivers;

    @Activate
    public Rev1Driver(BundleContext context) {
        drivers = new LinkDrivers(1, context, Rev1Protocol::new);
    }

    @Reference(name = "device", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = DEVICE)
    void addDevice(UsbDevice device, Map<String, Object> properties) {
        drivers.add(device, properties);
    }

    void removeDevice(UsbDevice device, Map<String, Object> properties) {
        drivers.remove(device, properties);
    }

    @Deactivate
    void deactivate() {
        drivers.close();
    }
}
