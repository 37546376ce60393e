package dialtone.hw.fxs.slic.internal;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.hw.fxs.FxsDriver;
import dialtone.hw.fxs.slic.FrameReader;
import dialtone.hw.fxs.slic.Slic;
import dialtone.hw.usb.DeviceLink;
import dialtone.hw.usb.UsbDevice;

/**
 * Drives every plugged adapter of the SLIC family: it selects their USB devices by vendor and
 * product id (the reference's target, which configuration may change as {@code device.target}),
 * opens each on its own thread, asks what it is, and registers an {@link FxsDriver} for it.
 */
@Component(immediate = true, configurationPid = "dialtone.hw.fxs.slic")
public final class SlicDriverComponent {

    private static final Logger log = LoggerFactory.getLogger(SlicDriverComponent.class);
    private static final int HANDSHAKE_MILLIS = 2000;
    private static final int JOIN_MILLIS = 2000;

    private final BundleContext context;
    private final Map<UsbDevice, Adapter> adapters = new ConcurrentHashMap<>();
    private volatile boolean active = true;

    /** One plugged adapter: its thread, and once it answered, its driver and registration. */
    private final class Adapter implements Runnable {
        final UsbDevice device;
        final Thread thread;
        volatile SlicDriver driver;
        volatile DeviceLink link;
        ServiceRegistration<FxsDriver> registration;
        volatile boolean gone;

        Adapter(UsbDevice device) {
            this.device = device;
            this.thread = new Thread(this, "fxs-slic-" + device.serial());
            thread.setDaemon(true);
            thread.setPriority(Thread.MAX_PRIORITY - 1);
        }

        @Override
        public void run() {
            try {
                link = device.open();
                if (gone) {
                    link.close();
                    return;
                }
                int[] info = handshake(link);
                if (info == null) {
                    log.warn("FXS adapter {} did not answer HELLO within {} ms", device.serial(), HANDSHAKE_MILLIS);
                    link.close();
                    return;
                }
                String description = String.format("SLIC %04x:%04x rev %d, firmware %d.%d, %d lines",
                        device.vendorId(), device.productId(), device.revision(), info[1], info[2], info[0]);
                SlicDriver started = new SlicDriver(device.serial(), description, link, info[0]);
                started.startWriter();
                driver = started;
                synchronized (this) {
                    if (!gone && active) {
                        Hashtable<String, Object> properties = new Hashtable<>();
                        properties.put(FxsDriver.ADAPTER, device.serial());
                        registration = context.registerService(FxsDriver.class, started, properties);
                    }
                }
                started.read(new FrameReader());
            } catch (IOException e) {
                log.warn("FXS adapter {}: {}", device.serial(), e.getMessage());
            } finally {
                end();
            }
        }

        /** Sends HELLO and waits for INFO: the number of lines and the firmware version; null on no answer. */
        private int[] handshake(DeviceLink opened) throws IOException {
            byte[] hello = Slic.frame(Slic.HELLO, Slic.ADAPTER);
            opened.send(hello, 0, hello.length);
            FrameReader reader = new FrameReader();
            int[] info = new int[3];
            boolean[] answered = new boolean[1];
            byte[] buffer = new byte[1024];
            long end = System.nanoTime() + HANDSHAKE_MILLIS * 1_000_000L;
            while (!answered[0] && System.nanoTime() < end && !gone) {
                int n = opened.receive(buffer, 100);
                reader.feed(buffer, 0, n, (type, port, payload, length) -> {
                    if (type == Slic.INFO && length >= 3) {
                        info[0] = payload[0] & 0xFF;
                        info[1] = payload[1] & 0xFF;
                        info[2] = payload[2] & 0xFF;
                        answered[0] = true;
                    }
                });
            }
            return answered[0] && info[0] > 0 ? info : null;
        }

        /**
         * Ends the adapter and waits, a bounded time, for its thread to leave the link: a driver
         * that follows (a bundle update, a re-plug) must not share the device with a reader of
         * this one, which would take the answers meant for it.
         */
        void endAndWait() {
            end();
            if (Thread.currentThread() != thread) {
                try {
                    thread.join(JOIN_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (thread.isAlive()) {
                    log.warn("FXS adapter {}: its thread did not stop within {} ms", device.serial(), JOIN_MILLIS);
                }
            }
        }

        synchronized void end() {
            gone = true;
            if (registration != null) {
                try {
                    registration.unregister();
                } catch (IllegalStateException e) {
                    log.debug("FXS adapter {} was unregistered already", device.serial());
                }
                registration = null;
            }
            SlicDriver running = driver;
            if (running != null) {
                running.stop();
            } else if (link != null) {
                link.close();
            }
        }
    }

    @Activate
    public SlicDriverComponent(BundleContext context) {
        this.context = context;
    }

    @Reference(name = "device", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(&(usb.vendor=4617)(usb.product=23068))")
    void addDevice(UsbDevice device) {
        Adapter adapter = new Adapter(device);
        adapters.put(device, adapter);
        log.info("FXS adapter {} plugged ({}:{} rev {})", device.serial(), Integer.toHexString(device.vendorId()),
                Integer.toHexString(device.productId()), device.revision());
        adapter.thread.start();
    }

    void removeDevice(UsbDevice device) {
        Adapter adapter = adapters.remove(device);
        if (adapter != null) {
            log.info("FXS adapter {} unplugged", device.serial());
            adapter.endAndWait();
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
        adapters.values().forEach(Adapter::end);
        adapters.values().forEach(Adapter::endAndWait);
        adapters.clear();
    }
}
