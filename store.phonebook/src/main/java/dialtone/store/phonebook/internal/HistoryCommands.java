package dialtone.store.phonebook.internal;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dialtone.store.phonebook.CallHistory;
import dialtone.store.phonebook.CallKind;
import dialtone.store.phonebook.CallRecord;
import dialtone.store.phonebook.Write;

/** The {@code history} shell scope. */
@Component(service = HistoryCommands.class, immediate = true)
@GogoCommand(scope = "history", function = { "list", "clear", "seen" })
public final class HistoryCommands {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final CallHistory history;

    @Activate
    public HistoryCommands(@Reference CallHistory history) {
        this.history = history;
    }

    @Descriptor("lists every call, newest first")
    public List<String> list() {
        return lines(history.list(), "no calls");
    }

    @Descriptor("lists the calls of one kind, newest first: missed, received, dialed or rejected")
    public List<String> list(@Descriptor("missed, received, dialed or rejected") String kind) {
        CallKind parsed;
        try {
            parsed = CallKind.parse(kind);
        } catch (IllegalArgumentException e) {
            return List.of("unknown kind '" + kind + "': missed, received, dialed or rejected");
        }
        return lines(history.list(parsed), "no " + parsed.name().toLowerCase(Locale.ROOT) + " calls");
    }

    @Descriptor("forgets every call in the history")
    public String clear() {
        Write<Integer> write = history.clear();
        return "cleared " + write.value() + " calls" + PhonebookCommands.saved(write.acknowledged());
    }

    @Descriptor("forgets the calls of one kind: missed, received, dialed or rejected")
    public String clear(@Descriptor("missed, received, dialed or rejected") String kind) {
        CallKind parsed;
        try {
            parsed = CallKind.parse(kind);
        } catch (IllegalArgumentException e) {
            return "unknown kind '" + kind + "': missed, received, dialed or rejected";
        }
        Write<Integer> write = history.clear(parsed);
        return "cleared " + write.value() + " " + parsed.name().toLowerCase(Locale.ROOT) + " calls"
                + PhonebookCommands.saved(write.acknowledged());
    }

    @Descriptor("marks every missed call seen")
    public String seen() {
        Write<Integer> write = history.markMissedSeen();
        return "marked " + write.value() + " missed calls seen" + PhonebookCommands.saved(write.acknowledged());
    }

    private static List<String> lines(List<CallRecord> calls, String none) {
        if (calls.isEmpty()) {
            return List.of(none);
        }
        List<String> lines = new ArrayList<>(calls.size());
        for (CallRecord c : calls) {
            String who = c.remote().isEmpty() ? "anonymous" : c.name().isEmpty() ? c.remote()
                    : c.name() + " <" + c.remote() + ">";
            lines.add(String.format(Locale.ROOT, "%5d %s %-8s %6s  %s  line %s%s%s", c.id(), TIME.format(c.start()),
                    c.kind().name().toLowerCase(Locale.ROOT), duration(c.duration()), who,
                    c.line().isEmpty() ? "-" : c.line(), c.device().isEmpty() ? "" : "  on " + c.device(),
                    c.seen() ? "" : "  NEW"));
        }
        return lines;
    }

    private static String duration(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
