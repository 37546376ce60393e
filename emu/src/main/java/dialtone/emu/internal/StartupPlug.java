package dialtone.emu.internal;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.emu.Emulator;

/**
 * Plugs the configured emulated dongles in as their emulators appear, so an exchange started
 * without hardware is complete. Only with a configuration: tests and routers with real dongles
 * plug nothing unless asked.
 */
@Component(configurationPid = StartupPlug.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = StartupPlug.Config.class)
public final class StartupPlug {

    static final String PID = "dialtone.emu";

    private static final Logger log = LoggerFactory.getLogger(StartupPlug.class);

    @ObjectClassDefinition(name = "Dialtone emulators", description = "Emulated dongles plugged in at start.")
    public @interface Config {
        @AttributeDefinition(name = "Plug at start",
                description = "Kinds of emulated dongle to plug in at start, separated by white space: dect, fxs.")
        String[] plug() default {};
    }

    private final Set<String> kinds;

    @Activate
    public StartupPlug(Config config) {
        kinds = Arrays.stream(config.plug()).flatMap(v -> Arrays.stream(v.trim().split("\\s+")))
                .filter(v -> !v.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEmulator(Emulator emulator) {
        if (!kinds.contains(emulator.kind())) {
            return;
        }
        try {
            log.info("plugged at start: {}", emulator.plug(null));
        } catch (RuntimeException e) {
            log.error("could not plug the emulated {} dongle at start", emulator.kind(), e);
        }
    }

    void removeEmulator(Emulator emulator) {
        // Nothing to undo: an emulator that goes away unplugs its own dongle.
    }
}
