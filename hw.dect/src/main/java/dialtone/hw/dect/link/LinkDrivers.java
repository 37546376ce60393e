package dialtone.hw.dect.link;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.hw.dect.DectDriver;
import dialtone.hw.usb.UsbDevice;

/**
 * The dongles one revision's driver component serves. The component stays satisfied with no
 * dongle plugged: it binds its {@code UsbDevice} services dynamically and hands each to
 * {@link #add}, which starts a {@link LinkDriver} for that device and registers it as a
 * {@link DectDriver} service (with {@link DectDriver#REVISION} and {@code usb.serial}) from the
 * component's own bundle; {@link #remove} and {@link #close} unregister it and stop its threads.
 * <p>
 * Safe to call from any thread, as SCR calls bind and unbind methods. The service is registered
 * without a lock held, since registering calls out to every listener.
 */
public final class LinkDrivers {

    private static final Logger log = LoggerFactory.getLogger(LinkDrivers.class);

    private final int revision;
    private final BundleContext context;
    private final Supplier<? extends FrameProtocol> protocols;
    private final Map<Object, Served> served = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param revision  the dongle revision the drivers speak, the services' {@link DectDriver#REVISION}
     * @param context   the driver bundle's context, which registers the services
     * @param protocols a fresh protocol for each device
     */
    public LinkDrivers(int revision, BundleContext context, Supplier<? extends FrameProtocol> protocols) {
        this.revision = revision;
        this.context = Objects.requireNonNull(context, "context");
        this.protocols = Objects.requireNonNull(protocols, "protocols");
    }

    /**
     * Starts serving a bound device and registers its driver service.
     *
     * @param properties the device's service properties, as SCR passes them to a bind method
     */
    public void add(UsbDevice device, Map<String, ?> properties) {
        Served added = new Served(device);
        if (closed || served.putIfAbsent(key(device, properties), added) != null) {
            return;
        }
        added.register();
        if (closed) {
            // close() ran while this one was being added and may have missed it.
            remove(device, properties);
        }
    }

    /** Stops serving an unbound device: its driver service goes, then its threads stop. */
    public void remove(UsbDevice device, Map<String, ?> properties) {
        Served removed = served.remove(key(device, properties));
        if (removed != null) {
            removed.end();
        }
    }

    /** Stops serving every device, as the component deactivates. */
    public void close() {
        closed = true;
        for (Object key : new ArrayList<>(served.keySet())) {
            Served removed = served.remove(key);
            if (removed != null) {
                removed.end();
            }
        }
    }

    private static Object key(UsbDevice device, Map<String, ?> properties) {
        Object id = properties == null ? null : properties.get(Constants.SERVICE_ID);
        return id != null ? id : device;
    }

    /** One served device: its driver, and its registration while it is registered. */
    private final class Served {
        final UsbDevice device;
        final Driver driver;
        private ServiceRegistration<DectDriver> registration;
        private boolean registering;
        private boolean ended;

        Served(UsbDevice device) {
            this.device = device;
            this.driver = new Driver(revision, device, context, protocols.get());
        }

        void register() {
            synchronized (this) {
                if (ended) {
                    driver.halt();
                    return;
                }
                registering = true;
            }
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(DectDriver.REVISION, revision);
            properties.put(UsbDevice.SERIAL, device.serial());
            ServiceRegistration<DectDriver> registered = null;
            try {
                registered = context.registerService(DectDriver.class, driver, properties);
            } catch (IllegalStateException e) {
                log.debug("dect rev{} driver for {} not registered: its bundle stops", revision, device.serial());
            }
            boolean keep;
            synchronized (this) {
                registering = false;
                keep = !ended && registered != null;
                if (keep) {
                    registration = registered;
                }
            }
            if (!keep) {
                unregister(registered);
                driver.halt();
            }
        }

        void end() {
            ServiceRegistration<DectDriver> registered;
            boolean stopHere;
            synchronized (this) {
                ended = true;
                registered = registration;
                registration = null;
                // A registration under way stops the driver itself once it returns.
                stopHere = !registering;
            }
            unregister(registered);
            if (stopHere) {
                driver.halt();
            }
        }

        private void unregister(ServiceRegistration<DectDriver> registered) {
            if (registered == null) {
                return;
            }
            try {
                registered.unregister();
            } catch (IllegalStateException e) {
                log.debug("dect rev{} driver for {} was unregistered already", revision, device.serial());
            }
        }
    }

    /** A revision's driver for one device. */
    private static final class Driver extends LinkDriver {
        Driver(int revision, UsbDevice device, BundleContext context, FrameProtocol protocol) {
            super(revision, device, context, protocol);
        }

        void halt() {
            stop();
        }
    }
}
