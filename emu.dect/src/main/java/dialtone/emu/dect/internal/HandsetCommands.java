package dialtone.emu.dect.internal;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code emu:hs}: what an emulated handset shows, and what its user does with it. */
@Component(service = HandsetCommands.class, immediate = true)
@GogoCommand(scope = "emu", function = { "hs" })
public final class HandsetCommands {

    private final DectEmulator emulator;

    @Activate
    public HandsetCommands(@Reference DectEmulator emulator) {
        this.emulator = emulator;
    }

    @Descriptor("shows every emulated handset: display, ringing, call state")
    public List<String> hs() {
        return emulator.showAll();
    }

    @Descriptor("shows what an emulated handset shows: display, ringing, call state")
    public String hs(@Descriptor("handset 1-6") int handset) {
        return emulator.show(handset);
    }

    @Descriptor("acts on an emulated handset: offhook, onhook, answer, signal (send the test signal), quiet, off, on or subscribe")
    public String hs(@Descriptor("handset 1-6") int handset,
            @Descriptor("offhook, onhook, answer, signal, quiet, off, on or subscribe") String action) {
        if (action.equals("dial")) {
            throw new IllegalArgumentException("dial needs digits: emu:hs " + handset + " dial 123");
        }
        return emulator.act(handset, action, null);
    }

    @Descriptor("dials on an emulated handset: en-bloc when on hook, keypad digits when off hook")
    public String hs(@Descriptor("handset 1-6") int handset, @Descriptor("dial") String action,
            @Descriptor("digits 0-9, * and #; quote them when they start with 0 or hold *") String digits) {
        if (!action.equals("dial")) {
            throw new IllegalArgumentException("only dial takes digits");
        }
        return emulator.act(handset, action, digits);
    }
}
