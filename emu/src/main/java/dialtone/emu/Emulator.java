package dialtone.emu;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An emulated dongle of one kind ({@code dect}, {@code fxs}) that speaks the same bytes as the real
 * device. Plugging registers its USB device service; unplugging removes it.
 */
@ConsumerType
public interface Emulator {

    /** Service property naming the kind, so commands can find the emulator. */
    String KIND = "emulator.kind";

    /** The kind of device, as typed after {@code emu:plug}. */
    String kind();

    /**
     * Plugs the device in.
     *
     * @param revision the hardware revision to emulate, or null for the newest
     * @return what was plugged, for the shell
     * @throws IllegalArgumentException for a revision this emulator does not know, with the known ones
     */
    String plug(String revision);

    /** Unplugs the device; returns what was unplugged, for the shell. */
    String unplug();

    /** One line on what is plugged now. */
    String status();
}
