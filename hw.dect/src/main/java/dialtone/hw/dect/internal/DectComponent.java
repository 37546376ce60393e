package dialtone.hw.dect.internal;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.audio.dev.AudioPaths;
import dialtone.core.call.CallCore;
import dialtone.core.call.Participant;
import dialtone.core.call.Routing;
import dialtone.hw.dect.DectDriver;
import dialtone.hw.dect.Subscription;
import dialtone.hw.dect.SubscriptionStore;
import dialtone.hw.usb.UsbDevice;

/**
 * Runs the handset model while the bundle is active: attaches whichever vendor driver offers a
 * plugged base, publishes each subscribed handset as a {@link Participant} service, and answers the
 * shell. Driver services come and go on framework threads; everything they change is handed to
 * the call-core thread.
 */
@Component(service = DectComponent.class, immediate = true, configurationPid = DectComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DectComponent.Config.class)
public final class DectComponent implements BaseModel.Outside {

    static final String PID = "dialtone.hw.dect";
    /** Service property of a handset participant: its internal number. */
    static final String HANDSET = "dect.handset";

    private static final Logger log = LoggerFactory.getLogger(DectComponent.class);

    @ObjectClassDefinition(name = "Dialtone DECT", description = "The DECT handset model.")
    public @interface Config {
        @AttributeDefinition(name = "Registration window (s)", min = "10", max = "3600",
                description = "How long dect:subscribe on lets new handsets subscribe.")
        int registration_window_s() default 120;

        @AttributeDefinition(name = "Driver grace (ms)", min = "0", max = "30000",
                description = "When a driver goes while its dongle stays plugged (a driver update), calls are held "
                        + "this long for the next driver; 0 ends them at once.")
        int driver_grace_ms() default 3000;
    }

    private final CallCore core;
    private final BundleContext context;
    private final BaseModel model;
    private final ExecutorService registry = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dect-services");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<HandsetProxy, ServiceRegistration<Participant>> registrations = new ConcurrentHashMap<>();
    private volatile Settings settings;
    private volatile Routing routing;
    private volatile AudioPaths audio;

    @Activate
    public DectComponent(@Reference CallCore core,
            @Reference(policyOption = ReferencePolicyOption.GREEDY) SubscriptionStore store, BundleContext context,
            Config config) {
        this.core = core;
        this.context = context;
        this.settings = settings(config);
        Supplier<Settings> current = () -> this.settings;
        this.model = new BaseModel(core, store, this, current);
        List<Subscription> saved = store.load();
        core.deliver(model::restore, saved);
    }

    @Modified
    void modified(Config config) {
        settings = settings(config);
    }

    @Deactivate
    void deactivate() {
        try {
            ask(() -> {
                model.shutdown();
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("dect: could not end the calls on stop: {}", e.getMessage());
        }
        registry.shutdown();
        try {
            registry.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        registrations.values().forEach(DectComponent::unregister);
        registrations.clear();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDriver(DectDriver driver) {
        core.deliver(model::attach, driver);
    }

    void removeDriver(DectDriver driver) {
        boolean plugged = plugged(driver.device());
        core.deliver(gone -> model.detach(gone, plugged), driver);
    }

    /** True while a USB device with this serial is registered: the driver goes, not the dongle. */
    private boolean plugged(String serial) {
        try {
            for (ServiceReference<UsbDevice> device : context.getServiceReferences(UsbDevice.class, null)) {
                if (serial.equals(device.getProperty(UsbDevice.SERIAL))) {
                    return true;
                }
            }
            return false;
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return false;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setRouting(Routing routing) {
        this.routing = routing;
    }

    void unsetRouting(Routing gone) {
        if (routing == gone) {
            routing = null;
        }
    }

    @Override
    public Routing routing() {
        return routing;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setAudio(AudioPaths audio) {
        this.audio = audio;
    }

    void unsetAudio(AudioPaths gone) {
        if (audio == gone) {
            audio = null;
        }
    }

    @Override
    public AudioPaths audio() {
        return audio;
    }

    /** Runs {@code query} on the call-core thread and waits for its answer; for the shell. */
    <T> T ask(Supplier<T> query) {
        try {
            return core.query(query).get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("call-core did not answer within 2 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    BaseModel model() {
        return model;
    }

    @Override
    public void publish(HandsetProxy handset, Subscription subscription) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Participant.NAME, handset.name());
        properties.put(Participant.KIND, "handset");
        properties.put(Participant.NUMBER, Integer.toString(subscription.handset()));
        properties.put(HANDSET, subscription.handset());
        properties.put("dect.ipui", subscription.ipui());
        properties.put("dect.name", subscription.name());
        execute(() -> {
            ServiceRegistration<Participant> registration = registrations.get(handset);
            if (registration == null) {
                registrations.put(handset, context.registerService(Participant.class, handset, properties));
            } else {
                registration.setProperties(properties);
            }
        });
    }

    @Override
    public void withdraw(HandsetProxy handset) {
        execute(() -> {
            ServiceRegistration<Participant> registration = registrations.remove(handset);
            if (registration != null) {
                unregister(registration);
            }
        });
    }

    private void execute(Runnable task) {
        try {
            registry.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("dect: stopping; service change dropped");
        }
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework took it down first
        }
    }

    /** Refuses a wrong value by name and keeps the default for it. */
    static Settings settings(Config config) {
        Duration window = Duration.ofSeconds(config.registration_window_s());
        if (config.registration_window_s() < 10 || config.registration_window_s() > 3600) {
            log.error("configuration {}: registration.window.s = {} refused: must be 10 to 3600; using {}", PID,
                    config.registration_window_s(), Settings.DEFAULTS.registrationWindow().toSeconds());
            window = Settings.DEFAULTS.registrationWindow();
        }
        Duration grace = Duration.ofMillis(config.driver_grace_ms());
        if (config.driver_grace_ms() < 0 || config.driver_grace_ms() > 30000) {
            log.error("configuration {}: driver.grace.ms = {} refused: must be 0 to 30000; using {}", PID,
                    config.driver_grace_ms(), Settings.DEFAULTS.driverGrace().toMillis());
            grace = Settings.DEFAULTS.driverGrace();
        }
        return new Settings(window, grace);
    }
}
