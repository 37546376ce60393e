package dialtone.core.call.internal;

import java.time.Duration;

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

import dialtone.core.call.CallCore;
import dialtone.core.call.CallObserver;
import dialtone.core.call.CallerNames;

/** Runs the call core while the bundle is active and offers it as the {@link CallCore} service. */
@Component(service = CallCore.class, immediate = true, configurationPid = CallCoreComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CallCoreComponent.Config.class)
public final class CallCoreComponent extends CoreImpl {

    static final String PID = "dialtone.core.call";

    private static final Logger log = LoggerFactory.getLogger(CallCoreComponent.class);

    @ObjectClassDefinition(name = "Dialtone call core", description = "Limits of the call-core loop's watchdog.")
    public @interface Config {
        @AttributeDefinition(name = "Slow handler limit (ms)", min = "1",
                description = "A handler that runs longer is logged with the loop's stack.")
        long handler_limit_ms() default 100;

        @AttributeDefinition(name = "Stall limit (ms)", min = "1",
                description = "A loop that makes no progress this long while work waits is reported stalled.")
        long stall_limit_ms() default 1000;
    }

    @Activate
    public CallCoreComponent(Config config) {
        super(settings(config));
        start();
    }

    @Modified
    void modified(Config config) {
        apply(settings(config));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stop();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindObserver(CallObserver observer) {
        addObserver(observer);
    }

    void unbindObserver(CallObserver observer) {
        removeObserver(observer);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCallerNames(CallerNames names) {
        setCallerNames(names);
    }

    void unbindCallerNames(CallerNames names) {
        setCallerNames(null);
    }

    /** Refuses a wrong value by name and keeps the default for it, so a typo never stops the exchange. */
    static LoopSettings settings(Config config) {
        return new LoopSettings(
                millis("handler.limit.ms", config.handler_limit_ms(), LoopSettings.DEFAULTS.handlerLimit()),
                millis("stall.limit.ms", config.stall_limit_ms(), LoopSettings.DEFAULTS.stallLimit()));
    }

    private static Duration millis(String field, long value, Duration fallback) {
        if (value >= 1) {
            return Duration.ofMillis(value);
        }
        log.error("configuration {}: {} = {} refused: must be at least 1; using {} ms", PID, field, value,
                fallback.toMillis());
        return fallback;
    }
}
