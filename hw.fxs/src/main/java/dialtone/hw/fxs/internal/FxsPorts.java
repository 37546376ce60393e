package dialtone.hw.fxs.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
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
import dialtone.hw.fxs.FxsDriver;

/**
 * Makes a {@link Port} of every line of every plugged FXS adapter, registers each as a
 * {@link Participant} service (so the dial plan can ring it) and removes them when the adapter
 * goes for longer than the grace time; a driver replaced within it takes the ports over with
 * their calls. Also the {@code fxs} shell scope.
 */
@Component(service = FxsPorts.class, immediate = true, configurationPid = FxsPorts.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = FxsPorts.Config.class)
@GogoCommand(scope = "fxs", function = { "ports" })
public final class FxsPorts {

    static final String PID = "dialtone.hw.fxs";

    private static final Logger log = LoggerFactory.getLogger(FxsPorts.class);

    @ObjectClassDefinition(name = "Dialtone FXS ports", description = "Dialling, ringing and hook timing of the analog lines.")
    public @interface Config {
        @AttributeDefinition(name = "Country", description = "Ring cadence and G.711 law: us, de, gb, fr.")
        String country() default "us";

        @AttributeDefinition(name = "Inter-digit timeout (ms)", min = "500", max = "30000")
        long inter_digit_ms() default 4000;

        @AttributeDefinition(name = "Longest dial pulse break (ms)", min = "20", max = "200")
        long pulse_break_ms() default 100;

        @AttributeDefinition(name = "Longest hook flash (ms)", min = "100", max = "2000",
                description = "A break up to this long is a flash (R); a longer one hangs up.")
        long flash_ms() default 800;

        @AttributeDefinition(name = "Pause that ends a pulse digit (ms)", min = "100", max = "2000")
        long pulse_gap_ms() default 300;

        @AttributeDefinition(name = "Caller id before the first ring (ms)", min = "100", max = "5000")
        long caller_id_lead_ms() default 800;

        @AttributeDefinition(name = "Internal number of the first port", min = "1", max = "9999",
                description = "Ports are numbered on from it in plug order; the number is their caller id inside.")
        int first_number() default 91;

        @AttributeDefinition(name = "Driver grace time (ms)", min = "0", max = "60000",
                description = "When an adapter's driver goes, its calls wait this long for a replacement driver.")
        long driver_grace_ms() default 3000;
    }

    /** One adapter's ports, kept by its id while its driver is replaced. */
    private static final class Adapter {
        final String id;
        final List<Port> ports;
        final Map<Port, ServiceRegistration<Participant>> registrations = new LinkedHashMap<>();
        FxsDriver driver;
        ScheduledFuture<?> removal;

        Adapter(String id, List<Port> ports) {
            this.id = id;
            this.ports = ports;
        }
    }

    private final CallCore core;
    private final AudioPaths audio;
    private final BundleContext context;
    private final PortSettings settings;
    private final int firstNumber;
    private final Duration grace;
    private final Map<String, Adapter> adapters = new LinkedHashMap<>();
    private final ScheduledExecutorService graceTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fxs-ports-grace");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Routing routing;
    private int nextNumber = 1;

    @Activate
    public FxsPorts(@Reference CallCore core, @Reference AudioPaths audio, BundleContext context, Config config) {
        this.core = core;
        this.audio = audio;
        this.context = context;
        this.settings = settings(config);
        this.firstNumber = firstNumber(config.first_number());
        this.grace = millis("driver.grace.ms", config.driver_grace_ms(), 0, 60000, Duration.ofSeconds(3));
    }

    private static int firstNumber(int value) {
        if (value >= 1 && value <= 9999) {
            return value;
        }
        log.error("configuration {}: first.number = {} refused: must be 1-9999; using 91", PID, value);
        return 21;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setRouting(Routing newRouting) {
        routing = newRouting;
    }

    void unsetRouting(Routing oldRouting) {
        if (routing == oldRouting) {
            routing = null;
        }
    }

    /**
     * A driver for an adapter. When it replaces one that went away within the grace time (a driver
     * bundle updated, the adapter re-plugged), the ports and their calls go on with it.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addDriver(FxsDriver driver) {
        Adapter known = adapters.get(driver.adapter());
        if (known != null && known.ports.size() == driver.ports()) {
            if (known.removal != null) {
                known.removal.cancel(false);
                known.removal = null;
            }
            known.driver = driver;
            // Rebinding is posted before the new driver reports anything, so the ports see it first.
            for (Port port : known.ports) {
                core.deliver(p -> p.rebind(driver), port);
            }
            listen(driver, known.ports);
            log.info("FXS adapter {} ({}): driver replaced, ports {} kept", driver.adapter(), driver.description(),
                    known.ports);
            return;
        }
        if (known != null) {
            remove(known);
        }
        List<Port> ports = new ArrayList<>();
        for (int i = 0; i < driver.ports(); i++) {
            int n = nextNumber++;
            ports.add(new Port(core, "fxs/" + n, String.valueOf(firstNumber + n - 1), driver, i, audio,
                    () -> routing, settings));
        }
        Adapter adapter = new Adapter(driver.adapter(), ports);
        adapter.driver = driver;
        adapters.put(adapter.id, adapter);
        listen(driver, ports);
        for (Port port : ports) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(Participant.NAME, port.name());
            properties.put(Participant.KIND, "port");
            properties.put(Participant.NUMBER, port.number());
            properties.put(FxsDriver.ADAPTER, driver.adapter());
            adapter.registrations.put(port, context.registerService(Participant.class, port, properties));
        }
        log.info("FXS adapter {} ({}): ports {}", driver.adapter(), driver.description(), ports);
    }

    private static void listen(FxsDriver driver, List<Port> ports) {
        driver.listen(event -> {
            if (event.port() >= 0 && event.port() < ports.size()) {
                ports.get(event.port()).mailbox().post(event);
            }
        });
    }

    /** The driver went: its ports wait {@code driver.grace.ms} for a replacement, then end their calls. */
    synchronized void removeDriver(FxsDriver driver) {
        Adapter adapter = adapters.get(driver.adapter());
        if (adapter == null || adapter.driver != driver) {
            return;
        }
        adapter.driver = null;
        for (Port port : adapter.ports) {
            core.deliver(Port::suspend, port);
        }
        log.info("FXS adapter {}: driver gone; ports {} wait {} ms for another", adapter.id, adapter.ports,
                grace.toMillis());
        adapter.removal = graceTimer.schedule(() -> expire(adapter), grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void expire(Adapter adapter) {
        if (adapter.driver == null && adapters.get(adapter.id) == adapter) {
            remove(adapter);
        }
    }

    /** Unregisters the adapter's ports and ends their calls (DEVICE_GONE). */
    private void remove(Adapter adapter) {
        adapters.remove(adapter.id, adapter);
        for (Port port : adapter.ports) {
            ServiceRegistration<Participant> registration = adapter.registrations.remove(port);
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                log.debug("{} was unregistered already", port);
            }
            core.deliver(Port::gone, port);
        }
        if (adapters.isEmpty()) {
            nextNumber = 1;
        }
        log.info("FXS adapter {} gone: ports {} released", adapter.id, adapter.ports);
    }

    @Deactivate
    synchronized void deactivate() {
        graceTimer.shutdownNow();
        for (Adapter adapter : List.copyOf(adapters.values())) {
            remove(adapter);
        }
    }

    @Descriptor("lists the FXS ports: hook state, ringing, the call and its phase")
    public List<String> ports() throws InterruptedException {
        List<Port> all = new ArrayList<>();
        synchronized (this) {
            adapters.values().forEach(adapter -> all.addAll(adapter.ports));
        }
        if (all.isEmpty()) {
            return List.of("no FXS adapter plugged");
        }
        try {
            return core.query(() -> {
                List<String> lines = new ArrayList<>();
                for (Port port : all) {
                    lines.add(port.describe());
                }
                return lines;
            }).get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("call-core did not answer within 2 s");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Refuses a wrong value by name and keeps the default for it. */
    static PortSettings settings(Config config) {
        PortSettings d = PortSettings.DEFAULTS;
        RingCadence cadence = config.country() == null ? null : RingCadence.of(config.country());
        if (cadence == null) {
            log.error("configuration {}: country = {} refused: known are {}; using {}", PID, config.country(),
                    RingCadence.countries(), d.cadence().country());
            cadence = d.cadence();
        }
        return new PortSettings(cadence, millis("inter.digit.ms", config.inter_digit_ms(), 500, 30000, d.interDigit()),
                millis("pulse.break.ms", config.pulse_break_ms(), 20, 200, d.pulseBreak()),
                millis("flash.ms", config.flash_ms(), 100, 2000, d.flash()),
                millis("pulse.gap.ms", config.pulse_gap_ms(), 100, 2000, d.pulseGap()),
                millis("caller.id.lead.ms", config.caller_id_lead_ms(), 100, 5000, d.callerIdLead()));
    }

    private static Duration millis(String field, long value, long min, long max, Duration fallback) {
        if (value >= min && value <= max) {
            return Duration.ofMillis(value);
        }
        log.error("configuration {}: {} = {} refused: must be {}-{}; using {} ms", PID, field, value, min, max,
                fallback.toMillis());
        return fallback;
    }
}
