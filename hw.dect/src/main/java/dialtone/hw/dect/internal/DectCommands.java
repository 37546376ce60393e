package dialtone.hw.dect.internal;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code dect} shell scope. Each command asks the model on the call-core thread. */
@Component(service = DectCommands.class, immediate = true)
@GogoCommand(scope = "dect", function = { "base", "handsets", "subscribe", "page", "name", "delete" })
public final class DectCommands {

    private final DectComponent dect;

    @Activate
    public DectCommands(@Reference DectComponent dect) {
        this.dect = dect;
    }

    @Descriptor("shows the plugged base: its driver, revision, calls and registration window")
    public List<String> base() {
        return dect.ask(() -> dect.model().describeBase());
    }

    @Descriptor("lists the subscribed handsets: number, name, IPUI, reachability, call state, codecs")
    public List<String> handsets() {
        List<String> lines = dect.ask(() -> dect.model().describeHandsets());
        return lines.isEmpty() ? List.of("no handsets subscribed") : lines;
    }

    @Descriptor("opens (on) or closes (off) the registration window for new handsets")
    public String subscribe(@Descriptor("on or off") String onOff) {
        boolean open = onOff(onOff);
        return dect.ask(() -> dect.model().registration(open));
    }

    @Descriptor("pages every handset so it can be found")
    public String page() {
        return dect.ask(() -> dect.model().page(true));
    }

    @Descriptor("starts (on) or stops (off) paging every handset")
    public String page(@Descriptor("on or off") String onOff) {
        boolean on = onOff(onOff);
        return dect.ask(() -> dect.model().page(on));
    }

    @Descriptor("names a handset; the name shows on its display and to the people it calls")
    public String name(@Descriptor("internal number") int handset, @Descriptor("new name") String name) {
        return dect.ask(() -> dect.model().rename(handset, name));
    }

    @Descriptor("deletes a handset's subscription")
    public String delete(@Descriptor("internal number") int handset) {
        return dect.ask(() -> dect.model().delete(handset));
    }

    private static boolean onOff(String word) {
        if ("on".equalsIgnoreCase(word)) {
            return true;
        }
        if ("off".equalsIgnoreCase(word)) {
            return false;
        }
        throw new IllegalArgumentException("say on or off, not '" + word + "'");
    }
}
