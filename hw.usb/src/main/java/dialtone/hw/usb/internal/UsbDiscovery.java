package dialtone.hw.usb.internal;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceList;
import org.usb4java.HotplugCallbackHandle;
import org.usb4java.LibUsb;

import dialtone.hw.usb.UsbDevice;

/**
 * Real USB discovery: libusb hot-plug (through usb4java) on a thread of its own, registering a
 * {@link UsbDevice} for every device that arrives and withdrawing it when it leaves. On a machine
 * without a USB bus, or where libusb does not load, it says so once and carries on.
 */
@Component(service = {}, immediate = true)
public final class UsbDiscovery {

    private static final Logger log = LoggerFactory.getLogger(UsbDiscovery.class);
    private static final long EVENT_WAIT_MICROS = 250_000;

    private final BundleContext context;
    private final Thread thread;
    private final BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    private final Map<String, ServiceRegistration<UsbDevice>> registered = new HashMap<>();
    private volatile boolean running = true;

    /** A device came or went; queued by the libusb callback, handled after it returns. */
    private record Change(Device device, boolean arrived) {
    }

    @Activate
    public UsbDiscovery(BundleContext context) {
        this.context = context;
        this.thread = new Thread(this::run, "usb-discovery");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(2));
    }

    private void run() {
        Context libusb = new Context();
        try {
            int result = LibUsb.init(libusb);
            if (result != LibUsb.SUCCESS) {
                log.info("usb: libusb did not start ({}); only emulated devices will appear", LibUsb.strError(result));
                return;
            }
        } catch (LinkageError | RuntimeException e) {
            log.info("usb: libusb is not available on this machine ({}); only emulated devices will appear", e.toString());
            return;
        }
        try {
            if (!Files.isDirectory(Path.of("/dev/bus/usb"))) {
                log.info("usb: this machine has no USB bus (/dev/bus/usb is missing); only emulated devices will appear");
            }
            if (LibUsb.hasCapability(LibUsb.CAP_HAS_HOTPLUG)) {
                listen(libusb);
            } else {
                log.info("usb: libusb has no hot-plug here; devices plugged later will not appear");
                enumerate(libusb);
                while (running) {
                    Thread.sleep(EVENT_WAIT_MICROS / 1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("usb: discovery stopped: {}", e.toString());
        } finally {
            registered.values().forEach(UsbDiscovery::unregister);
            registered.clear();
            LibUsb.exit(libusb);
        }
    }

    private void listen(Context libusb) {
        HotplugCallbackHandle handle = new HotplugCallbackHandle();
        int result = LibUsb.hotplugRegisterCallback(libusb,
                LibUsb.HOTPLUG_EVENT_DEVICE_ARRIVED | LibUsb.HOTPLUG_EVENT_DEVICE_LEFT, LibUsb.HOTPLUG_ENUMERATE,
                LibUsb.HOTPLUG_MATCH_ANY, LibUsb.HOTPLUG_MATCH_ANY, LibUsb.HOTPLUG_MATCH_ANY,
                (ctx, device, event, data) -> {
                    changes.add(new Change(LibUsb.refDevice(device), event == LibUsb.HOTPLUG_EVENT_DEVICE_ARRIVED));
                    return 0;
                }, null, handle);
        if (result != LibUsb.SUCCESS) {
            log.info("usb: hot-plug registration failed ({}); only emulated devices will appear",
                    LibUsb.strError(result));
            return;
        }
        try {
            while (running) {
                LibUsb.handleEventsTimeout(libusb, EVENT_WAIT_MICROS);
                Change change;
                while ((change = changes.poll()) != null) {
                    handle(libusb, change);
                }
            }
        } finally {
            LibUsb.hotplugDeregisterCallback(libusb, handle);
        }
    }

    /** Registers the devices plugged now, for a libusb without hot-plug. */
    private void enumerate(Context libusb) {
        DeviceList list = new DeviceList();
        int result = LibUsb.getDeviceList(libusb, list);
        if (result < 0) {
            log.info("usb: cannot list devices: {}", LibUsb.strError(result));
            return;
        }
        try {
            for (Device device : list) {
                handle(libusb, new Change(LibUsb.refDevice(device), true));
            }
        } finally {
            LibUsb.freeDeviceList(list, true);
        }
    }

    private void handle(Context libusb, Change change) {
        String key = path(change.device());
        if (!change.arrived()) {
            ServiceRegistration<UsbDevice> gone = registered.remove(key);
            LibUsb.unrefDevice(change.device());
            if (gone != null) {
                log.info("usb: {} unplugged", key);
                unregister(gone);
            }
            return;
        }
        DeviceDescriptor descriptor = new DeviceDescriptor();
        int result = LibUsb.getDeviceDescriptor(change.device(), descriptor);
        if (result != LibUsb.SUCCESS) {
            log.warn("usb: cannot read the descriptor of {}: {}", key, LibUsb.strError(result));
            LibUsb.unrefDevice(change.device());
            return;
        }
        LibUsbDevice device = new LibUsbDevice(change.device(), descriptor.idVendor() & 0xFFFF,
                descriptor.idProduct() & 0xFFFF, descriptor.bcdDevice() & 0xFFFF,
                LibUsbDevice.serial(change.device(), descriptor, key));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(UsbDevice.VENDOR, device.vendorId());
        properties.put(UsbDevice.PRODUCT, device.productId());
        properties.put(UsbDevice.REVISION, device.revision());
        properties.put(UsbDevice.SERIAL, device.serial());
        properties.put(UsbDevice.SOURCE, "usb");
        log.info("usb: {} plugged: {}", key, String.format("%04x:%04x rev %04x serial %s", device.vendorId(),
                device.productId(), device.revision(), device.serial()));
        ServiceRegistration<UsbDevice> previous = registered.put(key, context.registerService(UsbDevice.class, device,
                properties));
        if (previous != null) {
            unregister(previous);
        }
    }

    /** Where the device sits: bus and port chain, stable while it stays plugged there. */
    private static String path(Device device) {
        ByteBuffer ports = ByteBuffer.allocateDirect(8);
        int count = LibUsb.getPortNumbers(device, ports);
        StringBuilder path = new StringBuilder("usb-").append(LibUsb.getBusNumber(device));
        for (int i = 0; i < count; i++) {
            path.append(i == 0 ? '-' : '.').append(ports.get(i) & 0xFF);
        }
        return path.toString();
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping
        }
    }
}
