package dialtone.repo.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the repository did with drivers, newest last: kept in memory for {@code repo:history} and
 * appended to a file in the cache folder, so it survives a restart. One tab-separated line each.
 */
final class History {

    /** What happened to a bundle. */
    enum Action { INSTALLED, UPDATED, REFUSED, FAILED, ROLLED_BACK, RESTORED }

    /** One entry. {@code version} is empty when no version was chosen. */
    record Entry(Instant when, Action action, String name, String version, String why) {
        String line() {
            return when + "\t" + action + "\t" + name + "\t" + version + "\t" + why.replace('\t', ' ').replace('\n', ' ');
        }
    }

    static final int KEPT = 500;

    private static final Logger log = LoggerFactory.getLogger(History.class);

    private final Path file;
    private final Deque<Entry> entries = new ArrayDeque<>();

    History(Path file) {
        this.file = file;
        load();
    }

    synchronized void add(Action action, String name, String version, String why) {
        Entry entry = new Entry(Instant.now(), action, name, version, why);
        entries.addLast(entry);
        while (entries.size() > KEPT) {
            entries.removeFirst();
        }
        try {
            Files.writeString(file, entry.line() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("cannot append to the driver history {}: {}", file, e.toString());
        }
    }

    synchronized List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", 5);
                try {
                    if (f.length == 5) {
                        entries.addLast(new Entry(Instant.parse(f[0]), Action.valueOf(f[1]), f[2], f[3], f[4]));
                    }
                } catch (DateTimeParseException | IllegalArgumentException e) {
                    log.warn("skipping a damaged line of the driver history {}: {}", file, line);
                }
                while (entries.size() > KEPT) {
                    entries.removeFirst();
                }
            }
        } catch (IOException e) {
            log.warn("cannot read the driver history {}: {}", file, e.toString());
        }
    }
}
