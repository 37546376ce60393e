package dialtone.emu.fxs.internal;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.emu.Emulator;
import dialtone.hw.usb.UsbDevice;

/**
 * The emulated FXS adapter ({@code emu:plug fxs}) and its phones ({@code emu:port}). Plugging
 * registers its USB device, which the SLIC driver then drives exactly as it drives the hardware.
 * Dialling takes real time (a pulse is 60 ms open, 40 ms closed), so the command returns when the
 * phone is done.
 */
@Component(service = { Emulator.class, FxsEmulator.class }, immediate = true,
        property = Emulator.KIND + "=fxs")
@GogoCommand(scope = "emu", function = { "port" })
public final class FxsEmulator implements Emulator {

    private static final Logger log = LoggerFactory.getLogger(FxsEmulator.class);

    /** Known revisions and their number of lines; the last is the newest. */
    private static final Map<String, Integer> REVISIONS = Map.of("1", 2, "2", 4);
    private static final String NEWEST = "2";
    static final long PULSE_BREAK_MS = 60;
    static final long PULSE_MAKE_MS = 40;
    static final long INTER_DIGIT_MS = 700;
    static final long KEY_MS = 100;
    static final long FLASH_MS = 250;

    private final BundleContext context;
    private EmulatedAdapter adapter;
    private ServiceRegistration<UsbDevice> registration;

    @Activate
    public FxsEmulator(BundleContext context) {
        this.context = context;
    }

    @Deactivate
    synchronized void deactivate() {
        if (adapter != null) {
            unplug();
        }
    }

    @Override
    public String kind() {
        return "fxs";
    }

    @Override
    public synchronized String plug(String revision) {
        String wanted = revision == null ? NEWEST : revision;
        Integer lines = REVISIONS.get(wanted);
        if (lines == null) {
            throw new IllegalArgumentException("no FXS adapter revision " + revision + "; known: "
                    + new java.util.TreeSet<>(REVISIONS.keySet()));
        }
        if (adapter != null) {
            unplug();
        }
        EmulatedAdapter plugged = new EmulatedAdapter(Integer.parseInt(wanted), lines, "EMU-FXS-" + wanted);
        plugged.start();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(UsbDevice.VENDOR, plugged.vendorId());
        properties.put(UsbDevice.PRODUCT, plugged.productId());
        properties.put(UsbDevice.REVISION, plugged.revision());
        properties.put(UsbDevice.SERIAL, plugged.serial());
        properties.put(UsbDevice.SOURCE, "emulator");
        adapter = plugged;
        registration = context.registerService(UsbDevice.class, plugged, properties);
        log.info("plugged {}", plugged);
        return "plugged " + plugged;
    }

    @Override
    public synchronized String unplug() {
        if (adapter == null) {
            return "no FXS adapter plugged";
        }
        EmulatedAdapter gone = adapter;
        adapter = null;
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            log.debug("{} was unregistered already", gone);
        }
        registration = null;
        gone.stop();
        log.info("unplugged {}", gone);
        return "unplugged " + gone;
    }

    @Override
    public synchronized String status() {
        return adapter == null ? "not plugged" : adapter.toString();
    }

    @Descriptor("shows what the phone on a line of the emulated FXS adapter hears: tone, ringing, voice")
    public String port(@Descriptor("line, from 1") int line) {
        return phoneOf(line).describe();
    }

    @Descriptor("works the phone on a line: offhook, onhook, flash, signal (send the test signal), quiet")
    public String port(@Descriptor("line, from 1") int line,
            @Descriptor("offhook, onhook, flash, signal or quiet") String action) throws InterruptedException {
        EmulatedAdapter plugged = adapterOr();
        Phone phone = phoneOf(line);
        int port = line - 1;
        switch (action) {
        case "offhook" -> plugged.hook(port, true);
        case "onhook" -> plugged.hook(port, false);
        case "flash" -> {
            plugged.hook(port, false);
            Thread.sleep(FLASH_MS);
            plugged.hook(port, true);
        }
        case "signal" -> phone.voice.signal(true);
        case "quiet" -> phone.voice.signal(false);
        default -> throw new IllegalArgumentException("unknown action " + action
                + "; known: offhook, onhook, flash, signal, quiet, dtmf DIGITS, pulse DIGITS");
        }
        return phone.describe();
    }

    @Descriptor("dials on the phone of a line: dtmf DIGITS (keys) or pulse DIGITS (rotary dial)")
    public String port(@Descriptor("line, from 1") int line, @Descriptor("dtmf or pulse") String action,
            @Descriptor("digits: 0-9 * # A-D for dtmf, 0-9 for pulse") String digits) throws InterruptedException {
        EmulatedAdapter plugged = adapterOr();
        Phone phone = phoneOf(line);
        int port = line - 1;
        if ("dtmf".equals(action)) {
            for (char key : digits.toUpperCase(java.util.Locale.ROOT).toCharArray()) {
                if ("0123456789*#ABCD".indexOf(key) < 0) {
                    throw new IllegalArgumentException("not a DTMF key: " + key);
                }
            }
            for (char key : digits.toUpperCase(java.util.Locale.ROOT).toCharArray()) {
                plugged.key(port, key);
                Thread.sleep(2 * KEY_MS);
            }
        } else if ("pulse".equals(action)) {
            if (!digits.matches("[0-9]+")) {
                throw new IllegalArgumentException("a rotary dial has 0-9 only: " + digits);
            }
            for (char digit : digits.toCharArray()) {
                int pulses = digit == '0' ? 10 : digit - '0';
                for (int i = 0; i < pulses; i++) {
                    plugged.hook(port, false);
                    Thread.sleep(PULSE_BREAK_MS);
                    plugged.hook(port, true);
                    Thread.sleep(PULSE_MAKE_MS);
                }
                Thread.sleep(INTER_DIGIT_MS);
            }
        } else {
            throw new IllegalArgumentException("unknown action " + action + " with digits; known: dtmf, pulse");
        }
        return phone.describe();
    }

    /** Every line's state, for tests. */
    public synchronized List<String> phones() {
        List<String> lines = new ArrayList<>();
        if (adapter != null) {
            for (int i = 0; i < adapter.lines(); i++) {
                lines.add(adapter.phone(i).describe());
            }
        }
        return lines;
    }

    private synchronized EmulatedAdapter adapterOr() {
        if (adapter == null) {
            throw new IllegalStateException("no FXS adapter plugged; emu:plug fxs first");
        }
        return adapter;
    }

    private Phone phoneOf(int line) {
        EmulatedAdapter plugged = adapterOr();
        if (line < 1 || line > plugged.lines()) {
            throw new IllegalArgumentException("the adapter has lines 1-" + plugged.lines() + ", not " + line);
        }
        return plugged.phone(line - 1);
    }
}
