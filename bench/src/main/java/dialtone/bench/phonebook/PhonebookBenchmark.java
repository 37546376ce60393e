package dialtone.bench.phonebook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dialtone.store.phonebook.Contact;
import dialtone.store.phonebook.ContactNumber;
import dialtone.store.phonebook.internal.PhonebookStore;
import dialtone.store.phonebook.internal.StoreSettings;

/**
 * The phonebook with {@value #CONTACTS} contacts, as the call core and the shell use it.
 * <p>
 * {@code lookupKnown}: an incoming number of a stored contact, written in one of the forms the
 * network uses (+49 30 …, 0049…, 030 …, the bare local number, a sip: URI), as when an INVITE
 * arrives. {@code lookupUnknown}: a number nobody has (the usual case for unwanted calls), which
 * falls through to libphonenumber. {@code namePrefix}: up to 20 contacts for a two or three letter
 * prefix. {@code acknowledgedAdd}: one contact added and its acknowledgement awaited, i.e. the
 * commit and the disk sync; several threads share commits.
 */
public class PhonebookBenchmark {

    static final int CONTACTS = 10_000;

    private static final String[] FIRST = { "Anna", "Bernd", "Carla", "Dieter", "Emma", "Felix", "Greta", "Hans",
            "Ida", "Jonas", "Karin", "Lukas", "Mia", "Nils", "Olga", "Paul", "Rita", "Sven", "Tina", "Uwe" };
    private static final String[] LAST = { "Schmidt", "Müller", "Weber", "Fischer", "Wagner", "Becker", "Hoffmann",
            "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Braun", "Zimmermann", "Krüger", "Hartmann",
            "Lange", "Werner", "Krause" };

    /** The filled store, shared by every thread of a run. */
    @State(Scope.Benchmark)
    public static class Store {
        PhonebookStore store;
        Path dir;
        String[] known;
        String[] unknown;
        String[] prefixes;

        @Setup(Level.Trial)
        public void fill() throws Exception {
            dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
                    "phonebook-bench");
            store = new PhonebookStore(StoreSettings.of(dir.resolve("phonebook.db"), "DE", "030"));
            Random random = new Random(42);
            List<Contact> contacts = new ArrayList<>(CONTACTS);
            List<String> known = new ArrayList<>();
            for (int i = 0; i < CONTACTS; i++) {
                String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)] + " " + i;
                String local = Integer.toString(2_000_000 + i * 7);
                String mobile = "0170 " + (5_000_000 + i);
                contacts.add(Contact.of(name, List.of(ContactNumber.home("030 " + local), ContactNumber.mobile(mobile)),
                        i % 50 == 0));
                switch (i % 5) {
                    case 0 -> known.add("+49 30 " + local);
                    case 1 -> known.add("0049 30" + local);
                    case 2 -> known.add("030 " + local);
                    case 3 -> known.add(local);
                    default -> known.add("sip:+49170" + (5_000_000 + i) + "@sip.example.net");
                }
            }
            store.addAll(contacts).acknowledged().toCompletableFuture().get(60, TimeUnit.SECONDS);
            this.known = shuffle(known, random);
            List<String> unknown = new ArrayList<>();
            for (int i = 0; i < 1024; i++) {
                unknown.add("+49 40 " + (3_000_000 + random.nextInt(1_000_000)));
            }
            this.unknown = unknown.toArray(String[]::new);
            List<String> prefixes = new ArrayList<>();
            for (int i = 0; i < 1024; i++) {
                String word = random.nextBoolean() ? FIRST[random.nextInt(FIRST.length)] : LAST[random.nextInt(LAST.length)];
                prefixes.add(word.substring(0, 2 + random.nextInt(2)));
            }
            this.prefixes = prefixes.toArray(String[]::new);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            store.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }

        private static String[] shuffle(List<String> list, Random random) {
            java.util.Collections.shuffle(list, random);
            return list.toArray(String[]::new);
        }
    }

    /** Each thread walks its own way through the inputs. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
        int added;

        int next(int length) {
            next = next + 1 == length ? 0 : next + 1;
            return next;
        }
    }

    @Benchmark
    public Object lookupKnown(Store s, Cursor c) {
        Object found = s.store.lookup(s.known[c.next(s.known.length)]).orElse(null);
        if (found == null) {
            throw new IllegalStateException("a stored number was not found");
        }
        return found;
    }

    @Benchmark
    public Object lookupUnknown(Store s, Cursor c) {
        return s.store.lookup(s.unknown[c.next(s.unknown.length)]);
    }

    @Benchmark
    public Object namePrefix(Store s, Cursor c) {
        return s.store.findByName(s.prefixes[c.next(s.prefixes.length)], 20);
    }

    @Benchmark
    public Object acknowledgedAdd(Store s, Cursor c) throws Exception {
        int n = c.added++;
        return s.store.add("Bench " + Thread.currentThread().getId() + "." + n,
                List.of(ContactNumber.mobile("0171 " + (1_000_000 + n))), false)
                .acknowledged().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
