package dialtone.emu.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dialtone.emu.Emulator;

/** {@code emu:plug}, {@code emu:unplug} and {@code emu:list}, for every emulator installed. */
@Component(service = EmuCommands.class, immediate = true)
@GogoCommand(scope = "emu", function = { "plug", "unplug", "list" })
public final class EmuCommands {

    private final Map<String, Emulator> emulators = new ConcurrentSkipListMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEmulator(Emulator emulator) {
        emulators.put(emulator.kind(), emulator);
    }

    void removeEmulator(Emulator emulator) {
        emulators.remove(emulator.kind(), emulator);
    }

    @Descriptor("plugs in the newest revision of an emulated dongle")
    public String plug(@Descriptor("kind of dongle: dect or fxs") String kind) {
        return emulator(kind).plug(null);
    }

    @Descriptor("plugs in an emulated dongle of the given revision")
    public String plug(@Descriptor("kind of dongle: dect or fxs") String kind,
            @Descriptor("hardware revision, such as 1 or 2") String revision) {
        return emulator(kind).plug(revision);
    }

    @Descriptor("unplugs an emulated dongle")
    public String unplug(@Descriptor("kind of dongle: dect or fxs") String kind) {
        return emulator(kind).unplug();
    }

    @Descriptor("lists the emulated dongles and what is plugged")
    public List<String> list() {
        List<String> lines = new ArrayList<>();
        emulators.values().forEach(emulator -> lines.add(emulator.kind() + ": " + emulator.status()));
        return lines.isEmpty() ? List.of("no emulators installed") : lines;
    }

    private Emulator emulator(String kind) {
        Emulator emulator = emulators.get(kind);
        if (emulator == null) {
            throw new IllegalArgumentException("no emulator for '" + kind + "'; installed: " + emulators.keySet());
        }
        return emulator;
    }
}
