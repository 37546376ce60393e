package dialtone.bench.phonebook;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dialtone.store.phonebook.Contact;
import dialtone.store.phonebook.ContactNumber;
import dialtone.store.phonebook.internal.PhonebookStore;
import dialtone.store.phonebook.internal.StoreSettings;

/**
 * {@code java -Xmx64m -cp benchmarks.jar dialtone.bench.phonebook.PhonebookMemory [contacts]}
 * prints the heap the phonebook holds for its contacts (two numbers each, every form indexed),
 * the store file's size, and how long reopening and loading it takes.
 */
public final class PhonebookMemory {

    private PhonebookMemory() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : PhonebookBenchmark.CONTACTS;
        Path dir = Files.createTempDirectory("phonebook-memory");
        Path file = dir.resolve("phonebook.db");
        StoreSettings settings = StoreSettings.of(file, "DE", "030");
        try {
            long before = usedHeap();
            PhonebookStore store = new PhonebookStore(settings);
            long empty = usedHeap();
            List<Contact> contacts = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                contacts.add(Contact.of("Contact Number " + i, List.of(ContactNumber.home("030 " + (2_000_000 + i)),
                        ContactNumber.mobile("0170 " + (5_000_000 + i))), false));
            }
            store.addAll(contacts).acknowledged().toCompletableFuture().get(120, TimeUnit.SECONDS);
            contacts = null;
            long full = usedHeap();
            store.close();
            long fileBytes = 0;
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    fileBytes += Files.size(p);
                }
            }
            long start = System.nanoTime();
            PhonebookStore reopened = new PhonebookStore(settings);
            long openMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            int loaded = reopened.contacts().size();
            reopened.close();
            System.out.printf(Locale.ROOT, "%ncontacts                 %d%n", count);
            System.out.printf(Locale.ROOT, "heap, empty store        %.1f MB%n", (empty - before) / 1e6);
            System.out.printf(Locale.ROOT, "heap, contacts in memory %.1f MB (%d bytes a contact)%n",
                    (full - empty) / 1e6, (full - empty) / count);
            System.out.printf(Locale.ROOT, "store files on disk      %.1f MB%n", fileBytes / 1e6);
            System.out.printf(Locale.ROOT, "reopen and load          %d ms (%d contacts)%n", openMs, loaded);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long usedHeap() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
