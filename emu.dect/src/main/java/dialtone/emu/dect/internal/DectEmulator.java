package dialtone.emu.dect.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.core.call.Codec;
import dialtone.emu.Emulator;
import dialtone.emu.voice.VoiceClock;
import dialtone.hw.usb.DeviceLink;
import dialtone.hw.usb.UsbDevice;

/**
 * The emulated DECT base: plugging registers a {@link UsbDevice} for a revision-1 or revision-2
 * dongle whose link carries that revision's bytes; six emulated handsets live beside it, so they
 * are still there when another dongle is plugged.
 */
@Component(service = { Emulator.class, DectEmulator.class }, immediate = true,
        property = Emulator.KIND + "=" + DectEmulator.KIND)
public final class DectEmulator implements Emulator {

    static final String KIND = "dect";
    /** The USB ids the emulated dongles carry, as the real ones do: vendor 0xDEC7, product 0x0001. */
    static final int VENDOR = 0xDEC7;
    static final int PRODUCT = 0x0001;
    static final int HANDSETS = 6;

    private static final Logger log = LoggerFactory.getLogger(DectEmulator.class);

    private final BundleContext context;
    private final Object lock = new Object();
    private final Map<Integer, EmulatedHandset> world = new TreeMap<>();
    private EmulatedBase base;
    private ServiceRegistration<UsbDevice> registration;
    /** The base's voice clock while one is plugged: 20 ms of each connected handset's voice per tick. */
    private VoiceClock clock;

    @Activate
    public DectEmulator(BundleContext context) {
        this.context = context;
        for (int slot = 1; slot <= HANDSETS; slot++) {
            // The last handset is an older narrowband model.
            List<Codec> codecs = slot == HANDSETS ? List.of(Codec.PCMA, Codec.PCMU)
                    : List.of(Codec.G722, Codec.PCMA, Codec.PCMU);
            world.put(slot, new EmulatedHandset(slot, codecs));
        }
    }

    @Deactivate
    void deactivate() {
        unplug();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String plug(String revision) {
        int rev = revision == null ? 2 : parseRevision(revision);
        EmulatedBase plugged;
        synchronized (lock) {
            if (base != null) {
                throw new IllegalStateException("a revision " + base.revision + " base is plugged; unplug it first");
            }
            plugged = rev == 1 ? new Rev1Base(lock, world) : new Rev2Base(lock, world);
            base = plugged;
        }
        String serial = "EMU-DECT-R" + rev;
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(UsbDevice.VENDOR, VENDOR);
        properties.put(UsbDevice.PRODUCT, PRODUCT);
        properties.put(UsbDevice.REVISION, rev);
        properties.put(UsbDevice.SERIAL, serial);
        properties.put(UsbDevice.SOURCE, "emulator");
        ServiceRegistration<UsbDevice> registered = context.registerService(UsbDevice.class,
                new Device(plugged, rev, serial), properties);
        synchronized (lock) {
            registration = registered;
        }
        VoiceClock ticking = new VoiceClock("emu-dect-voice", () -> {
            synchronized (lock) {
                if (base == plugged) {
                    plugged.voiceTick();
                }
            }
        });
        synchronized (lock) {
            clock = ticking;
        }
        ticking.start();
        log.info("emulated dect base revision {} plugged ({})", rev, serial);
        return "plugged DECT base revision " + rev + " (" + serial + ", usb " + String.format("%04x:%04x", VENDOR, PRODUCT)
                + ")";
    }

    @Override
    public String unplug() {
        VoiceClock ticking;
        synchronized (lock) {
            ticking = clock;
            clock = null;
        }
        if (ticking != null) {
            ticking.stop();
        }
        EmulatedBase gone;
        ServiceRegistration<UsbDevice> registered;
        synchronized (lock) {
            gone = base;
            registered = registration;
            base = null;
            registration = null;
            if (gone != null) {
                gone.unplugged();
            }
        }
        if (gone == null) {
            return "no DECT base plugged";
        }
        if (registered != null) {
            try {
                registered.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
        }
        log.info("emulated dect base revision {} unplugged", gone.revision);
        return "unplugged DECT base revision " + gone.revision;
    }

    @Override
    public String status() {
        synchronized (lock) {
            return base == null ? "no base plugged" : base.status();
        }
    }

    /** A handset action, as {@code emu:hs N ACTION} types it. */
    String act(int slot, String action, String digits) {
        synchronized (lock) {
            EmulatedHandset handset = handset(slot);
            if (base == null) {
                if (action.equals("on") || action.equals("off")) {
                    handset.powered = action.equals("on");
                    return handset.describe();
                }
                return "hs " + slot + ": no base plugged";
            }
            return base.act(handset, action, digits);
        }
    }

    String show(int slot) {
        synchronized (lock) {
            return handset(slot).describe();
        }
    }

    List<String> showAll() {
        synchronized (lock) {
            List<String> lines = new ArrayList<>();
            world.values().forEach(handset -> lines.add(handset.describe()));
            return lines;
        }
    }

    private EmulatedHandset handset(int slot) {
        EmulatedHandset handset = world.get(slot);
        if (handset == null) {
            throw new IllegalArgumentException("the emulator has handsets 1 to " + HANDSETS + ", not " + slot);
        }
        return handset;
    }

    private static int parseRevision(String revision) {
        return switch (revision.strip()) {
            case "1" -> 1;
            case "2" -> 2;
            default -> throw new IllegalArgumentException("unknown DECT base revision '" + revision + "'; known: 1, 2");
        };
    }

    /** The emulated dongle as a USB device. */
    private static final class Device implements UsbDevice {
        private final EmulatedBase base;
        private final int revision;
        private final String serial;

        Device(EmulatedBase base, int revision, String serial) {
            this.base = base;
            this.revision = revision;
            this.serial = serial;
        }

        @Override
        public int vendorId() {
            return DectEmulator.VENDOR;
        }

        @Override
        public int productId() {
            return DectEmulator.PRODUCT;
        }

        @Override
        public int revision() {
            return revision;
        }

        @Override
        public String serial() {
            return serial;
        }

        @Override
        public DeviceLink open() throws IOException {
            return base.open();
        }
    }
}
