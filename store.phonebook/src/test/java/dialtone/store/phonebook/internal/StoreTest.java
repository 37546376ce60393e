package dialtone.store.phonebook.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dialtone.store.phonebook.CallKind;
import dialtone.store.phonebook.CallRecord;
import dialtone.store.phonebook.Contact;
import dialtone.store.phonebook.ContactNumber;
import dialtone.store.phonebook.StoreStatus;
import dialtone.store.phonebook.Write;

/** What is acknowledged is on disk; the history keeps its limits; a broken file does not stop the store. */
public class StoreTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path file() {
        return folder.getRoot().toPath().resolve("data").resolve("phonebook.db");
    }

    private PhonebookStore open() {
        return new PhonebookStore(StoreSettings.of(file(), "DE", "030"));
    }

    private static <T> T acked(Write<T> write) throws Exception {
        return write.acknowledged().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static CallRecord call(CallKind kind, String remote) {
        return CallRecord.of(kind, Instant.parse("2026-12-01T20:00:00Z"), Duration.ZERO, "sip1", "handset 2", remote, "");
    }

    @Test
    public void acknowledgedChangesAreThereAfterReopening() throws Exception {
        long anna;
        long bob;
        try (PhonebookStore store = open()) {
            anna = acked(store.add("Anna", List.of(ContactNumber.home("030 1234567")), true)).id();
            bob = acked(store.add("Bob", List.of(ContactNumber.mobile("0170 5551234")), false)).id();
            acked(store.update(new Contact(bob, "Bob B.", List.of(ContactNumber.work("040 111")), false)));
            long gone = acked(store.add("Gone", List.of(ContactNumber.home("1")), false)).id();
            assertTrue(acked(store.remove(gone)));
            acked(store.record(call(CallKind.MISSED, "+49 30 1234567")));
        }
        try (PhonebookStore store = open()) {
            assertEquals(List.of(new Contact(anna, "Anna", List.of(ContactNumber.home("030 1234567")), true),
                    new Contact(bob, "Bob B.", List.of(ContactNumber.work("040 111")), false)), store.contacts());
            assertEquals(Optional.of("Anna"), store.nameFor("0049301234567"));
            List<CallRecord> missed = store.list(CallKind.MISSED);
            assertEquals(1, missed.size());
            assertEquals("Anna", missed.get(0).name());
            assertFalse(missed.get(0).seen());
            // Ids are never handed out twice, even after the newest contact was removed.
            long next = acked(store.add("New", List.of(ContactNumber.home("2")), false)).id();
            assertTrue(next > bob + 1);
        }
    }

    @Test
    public void aChangeIsVisibleBeforeItIsAcknowledged() {
        try (PhonebookStore store = open()) {
            Write<Contact> write = store.add("Anna", List.of(ContactNumber.home("030 1234567")), false);
            // No wait: the read answers from memory at once.
            assertEquals(Optional.of("Anna"), store.nameFor("1234567"));
            assertEquals(write.value(), store.contact(write.value().id()).orElseThrow());
        }
    }

    @Test
    public void theHistoryNamesCallersAsTheyWereAtTheTime() throws Exception {
        try (PhonebookStore store = open()) {
            store.add("Anna", List.of(ContactNumber.home("030 1234567")), false);
            acked(store.record(call(CallKind.RECEIVED, "+49301234567")));
            acked(store.record(call(CallKind.DIALED, "0301234567").withName("Shown Name")));
            acked(store.record(call(CallKind.REJECTED, "")));
            store.update(new Contact(store.contacts().get(0).id(), "Anna Renamed",
                    List.of(ContactNumber.home("030 1234567")), false));
            assertEquals(List.of("", "Shown Name", "Anna"),
                    store.list().stream().map(CallRecord::name).collect(Collectors.toList()));
        }
    }

    @Test
    public void aStoreOpeningInTheBackgroundAnswersItsFirstReadsFromTheFile() throws Exception {
        try (PhonebookStore store = open()) {
            acked(store.add("Anna", List.of(ContactNumber.home("030 1234567")), true));
            acked(store.record(call(CallKind.MISSED, "0301234567")));
        }
        CountDownLatch checked = new CountDownLatch(1);
        try (PhonebookStore store = new PhonebookStore(() -> {
            try {
                checked.await(10, TimeUnit.SECONDS); // the settings are read on the opening thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return StoreSettings.of(file(), "DE", "030");
        }, List.of(), true)) {
            // The call core neither waits nor fails while the file is still being read: no name yet,
            // and a call that ends now is recorded once the store is open.
            assertEquals(Optional.empty(), store.lookup("+49 30 1234567"));
            CompletableFuture<CallRecord> early = store.record(call(CallKind.MISSED, "0309999999")).acknowledged()
                    .toCompletableFuture();
            assertFalse(early.isDone());
            checked.countDown();
            // The shell's reads already see what the file holds: they wait for the index.
            assertEquals(1, store.status().contacts());
            assertEquals("Anna", store.lookup("+49 30 1234567").map(Contact::name).orElse("not found"));
            assertTrue(early.get(10, TimeUnit.SECONDS).id() > 0);
            assertEquals(List.of("0301234567", "0309999999"), remotes(store.list(CallKind.MISSED)).stream().sorted().toList());
        }
    }

    @Test
    public void eachKindKeepsItsLimitDroppingTheOldestFirst() throws Exception {
        StoreSettings settings = StoreSettings.of(file(), "DE", "030").withLimit(CallKind.MISSED, 3);
        try (PhonebookStore store = new PhonebookStore(settings)) {
            for (int i = 1; i <= 5; i++) {
                acked(store.record(call(CallKind.MISSED, "03000" + i)));
                acked(store.record(call(CallKind.RECEIVED, "04000" + i)));
            }
            assertEquals(List.of("030005", "030004", "030003"), remotes(store.list(CallKind.MISSED)));
            assertEquals(5, store.list(CallKind.RECEIVED).size());
        }
        try (PhonebookStore store = new PhonebookStore(settings)) {
            assertEquals(List.of("030005", "030004", "030003"), remotes(store.list(CallKind.MISSED)));
        }
        // A lower limit applies to what the file already holds.
        try (PhonebookStore store = new PhonebookStore(settings.withLimit(CallKind.RECEIVED, 2))) {
            assertEquals(List.of("040005", "040004"), remotes(store.list(CallKind.RECEIVED)));
        }
        try (PhonebookStore store = new PhonebookStore(settings)) {
            assertEquals(List.of("040005", "040004"), remotes(store.list(CallKind.RECEIVED)));
        }
    }

    private static List<String> remotes(List<CallRecord> calls) {
        return calls.stream().map(CallRecord::remote).collect(Collectors.toList());
    }

    @Test
    public void missedCallsAreMarkedSeenAndClearedDurably() throws Exception {
        try (PhonebookStore store = open()) {
            store.record(call(CallKind.MISSED, "1"));
            store.record(call(CallKind.MISSED, "2"));
            store.record(call(CallKind.RECEIVED, "3"));
            assertEquals(2, store.unseenMissed());
            assertEquals(2, (int) acked(store.markMissedSeen()));
            assertEquals(0, store.unseenMissed());
        }
        try (PhonebookStore store = open()) {
            assertEquals(0, store.unseenMissed());
            assertEquals(2, store.list(CallKind.MISSED).size());
            assertEquals(2, (int) acked(store.clear(CallKind.MISSED)));
            assertEquals(1, store.list().size());
        }
        try (PhonebookStore store = open()) {
            assertEquals(List.of("3"), remotes(store.list()));
            assertEquals(1, (int) acked(store.clear()));
        }
        try (PhonebookStore store = open()) {
            assertEquals(List.of(), store.list());
        }
    }

    @Test
    public void aFileThatCannotBeOpenedIsMovedAsideAndTheStoreStartsEmpty() throws Exception {
        try (PhonebookStore store = open()) {
            acked(store.add("Anna", List.of(ContactNumber.home("030 1234567")), false));
        }
        Files.write(file(), "this is not a MapDB file, it is a power cut's leftovers".repeat(100)
                .getBytes(StandardCharsets.UTF_8));
        try (PhonebookStore store = open()) {
            StoreStatus status = store.status();
            assertTrue(status.persistent());
            assertEquals(0, status.contacts());
            assertEquals(1, status.warnings().size());
            assertTrue(status.warnings().get(0), status.warnings().get(0).contains("moved aside to"));
            try (Stream<Path> files = Files.list(file().getParent())) {
                assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("phonebook.db.broken-")));
            }
            // The fresh file works.
            acked(store.add("Bob", List.of(ContactNumber.home("040 1234567")), false));
        }
        try (PhonebookStore store = open()) {
            assertEquals(List.of("Bob"), store.contacts().stream().map(Contact::name).collect(Collectors.toList()));
            assertEquals(List.of(), store.status().warnings());
        }
    }

    @Test
    public void withoutAWritablePlaceChangesLiveInMemoryAndAcknowledgementsFail() throws Exception {
        Path blocked = folder.newFile("not-a-directory").toPath();
        try (PhonebookStore store = new PhonebookStore(StoreSettings.of(blocked.resolve("phonebook.db"), "DE", ""))) {
            StoreStatus status = store.status();
            assertFalse(status.persistent());
            assertFalse(status.warnings().isEmpty());
            Write<Contact> write = store.add("Anna", List.of(ContactNumber.home("030 1234567")), false);
            assertEquals(Optional.of("Anna"), store.nameFor("+49301234567"));
            assertTrue(write.acknowledged().toCompletableFuture().handle((v, e) -> e != null).get(10,
                    TimeUnit.SECONDS));
        }
    }

    @Test
    public void aLookUpRacingWithEditsAlwaysFindsTheNumberTheContactKeeps() throws Exception {
        try (PhonebookStore store = open()) {
            Contact anna = store.add("Anna", List.of(ContactNumber.home("030 1234567")), false).value();
            java.util.concurrent.atomic.AtomicBoolean editing = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.atomic.AtomicInteger misses = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
            Thread reader = new Thread(() -> {
                while (editing.get()) {
                    lookups.incrementAndGet();
                    if (store.lookup("+49301234567").isEmpty()) {
                        misses.incrementAndGet();
                    }
                }
            });
            reader.start();
            for (int i = 0; i < 5000; i++) {
                // The name changes and a second number comes and goes; the home number stays.
                List<ContactNumber> numbers = i % 2 == 0
                        ? List.of(ContactNumber.home("030 1234567"), ContactNumber.mobile("0170 " + (1000000 + i)))
                        : List.of(ContactNumber.mobile("0171 " + (1000000 + i)), ContactNumber.home("+49 30 1234567"));
                store.update(new Contact(anna.id(), "Anna " + i, numbers, i % 3 == 0));
            }
            editing.set(false);
            reader.join(10_000);
            assertTrue("the reader ran " + lookups.get() + " look-ups", lookups.get() > 0);
            assertEquals("look-ups of the kept number that found nobody", 0, misses.get());
            assertEquals(Optional.empty(), store.nameFor("0170 1000000"));
            assertEquals(Optional.of("Anna 4999"), store.nameFor("0171 1004999"));
        }
    }

    @Test
    public void closingCommitsWhatIsQueued() {
        int count = 300;
        try (PhonebookStore store = open()) {
            for (int i = 0; i < count; i++) {
                store.add("C" + i, List.of(ContactNumber.home("030 " + (1000000 + i))), false);
            }
        }
        try (PhonebookStore store = open()) {
            assertEquals(count, store.contacts().size());
            assertEquals(Optional.of("C7"), store.nameFor("1000007"));
        }
    }
}
