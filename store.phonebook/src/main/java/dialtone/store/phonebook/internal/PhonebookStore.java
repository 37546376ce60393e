package dialtone.store.phonebook.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.store.phonebook.CallHistory;
import dialtone.store.phonebook.CallKind;
import dialtone.store.phonebook.CallRecord;
import dialtone.store.phonebook.Contact;
import dialtone.store.phonebook.ContactNumber;
import dialtone.store.phonebook.Phonebook;
import dialtone.store.phonebook.StoreStatus;
import dialtone.store.phonebook.Write;
import dialtone.store.phonebook.internal.Journal.Delete;
import dialtone.store.phonebook.internal.Journal.Op;
import dialtone.store.phonebook.internal.Journal.Put;
import dialtone.store.phonebook.internal.Journal.Table;

/**
 * The phonebook and the call history over one store file: memory answers every read, the
 * journal's writer thread persists every change. Usable without a framework (tests, the crash
 * test's child process, benchmarks); {@link PhonebookComponent} runs it as a service.
 * <p>
 * The store can open in the background ({@link #PhonebookStore(Supplier, List, boolean)}): the
 * file is read and the index built on a thread of its own, and a call that arrives before that
 * is done waits for it, since every answer comes from the loaded index. Once loaded, reads are
 * answered from memory at once, as with a store opened in the constructor.
 */
public class PhonebookStore implements Phonebook, CallHistory, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PhonebookStore.class);

    /** What the file held once read: set once, then only read. */
    private static final class Loaded {
        final Journal journal;
        final NumberMatcher matcher;
        final ContactIndex contacts;
        final CallLog calls;
        final AtomicLong contactSeq;

        Loaded(Journal journal, NumberMatcher matcher, ContactIndex contacts, CallLog calls, AtomicLong contactSeq) {
            this.journal = journal;
            this.matcher = matcher;
            this.contacts = contacts;
            this.calls = calls;
            this.contactSeq = contactSeq;
        }
    }

    private final CompletableFuture<Loaded> opening = new CompletableFuture<>();
    /** The loaded store once opening is done; null before, so the first callers wait for {@link #opening}. */
    private volatile Loaded loaded;
    /** Serialises contact changes (shell and import threads only; the call core never changes contacts). */
    private final Object contactWrites = new Object();
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    public PhonebookStore(StoreSettings settings) {
        this(() -> settings, List.of(), false);
    }

    PhonebookStore(StoreSettings settings, List<String> configurationWarnings) {
        this(() -> settings, configurationWarnings, false);
    }

    /**
     * @param settings              read where the store opens (checking them may load the numbering plan)
     * @param configurationWarnings warnings for {@link #status()}; the settings supplier may still add to it
     * @param background            open on the thread {@code phonebook-open} and return at once
     */
    PhonebookStore(Supplier<StoreSettings> settings, List<String> configurationWarnings, boolean background) {
        if (!background) {
            load(settings, configurationWarnings, true);
            return;
        }
        Thread opener = new Thread(() -> load(settings, configurationWarnings, false), "phonebook-open");
        opener.setDaemon(true);
        opener.start();
    }

    private void load(Supplier<StoreSettings> settingsSupplier, List<String> configurationWarnings, boolean rethrow) {
        try {
            StoreSettings settings = settingsSupplier.get();
            warnings.addAll(configurationWarnings);
            NumberMatcher matcher = new NumberMatcher(settings.country(), settings.areaCode());
            Journal journal = Journal.open(settings.file());
            ContactIndex contacts = new ContactIndex(matcher);
            long lastContact = journal.loadedContactSeq();
            for (Map.Entry<Long, byte[]> e : journal.loadedContacts().entrySet()) {
                try {
                    contacts.put(Codec.contact(e.getKey(), e.getValue()));
                } catch (IllegalStateException unreadable) {
                    unreadable(journal, "contact", e.getKey(), unreadable);
                }
                lastContact = Math.max(lastContact, e.getKey());
            }
            AtomicLong contactSeq = new AtomicLong(lastContact);
            CallLog calls = new CallLog(journal, settings.limits(), journal.loadedCallSeq());
            List<Op> trimmed = new ArrayList<>();
            for (Map.Entry<Long, byte[]> e : journal.loadedCalls().entrySet()) {
                try {
                    trimmed.addAll(calls.load(Codec.call(e.getKey(), e.getValue())));
                } catch (IllegalStateException unreadable) {
                    unreadable(journal, "call record", e.getKey(), unreadable);
                }
            }
            if (!trimmed.isEmpty()) {
                log.info("phonebook store {}: dropping {} old call records beyond the configured limits",
                        journal.file(), trimmed.size());
                journal.submit(trimmed);
            }
            log.info("phonebook store {} open: {} contacts, {} call records{}", journal.file(), contacts.size(),
                    calls.size(), journal.persistent() ? "" : " (memory only)");
            Loaded done = new Loaded(journal, matcher, contacts, calls, contactSeq);
            loaded = done;
            opening.complete(done);
        } catch (RuntimeException | Error e) {
            log.error("phonebook store did not open: {}", e.toString(), e);
            opening.completeExceptionally(e);
            if (rethrow) {
                throw e;
            }
        }
    }

    /** The loaded store, waiting for it while it still opens. */
    private Loaded store() {
        Loaded now = loaded;
        if (now != null) {
            return now;
        }
        try {
            return opening.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the phonebook store did not open: " + e.getCause(), e.getCause());
        }
    }

    private void unreadable(Journal journal, String what, long id, Exception e) {
        log.error("phonebook store {}: {} {} is unreadable and left out ({})", journal.file(), what, id,
                e.getMessage());
        warnings.add(what + " " + id + " in the file is unreadable and was left out");
    }

    // ---------------------------------------------------------------- Phonebook: reads

    /**
     * The call core asks this while it names a caller, on its own thread: in the moments before
     * the index is loaded it gets no name rather than wait for the file.
     */
    @Override
    public Optional<Contact> lookup(String number) {
        Loaded now = loaded;
        return now == null ? Optional.empty() : now.contacts.lookup(number);
    }

    @Override
    public Optional<Contact> contact(long id) {
        return store().contacts.get(id);
    }

    @Override
    public List<Contact> contacts() {
        return store().contacts.all();
    }

    @Override
    public List<Contact> findByName(String prefix, int limit) {
        return store().contacts.findByName(prefix, limit);
    }

    @Override
    public List<Contact> findByNumber(String prefix, int limit) {
        return store().contacts.findByNumber(prefix, limit);
    }

    // ---------------------------------------------------------------- Phonebook: changes

    @Override
    public Write<Contact> add(String name, List<ContactNumber> numbers, boolean favourite) {
        Contact draft = Contact.of(name, numbers, favourite);
        Loaded s = store();
        synchronized (contactWrites) {
            Contact stored = draft.withId(s.contactSeq.incrementAndGet());
            s.contacts.put(stored);
            return written(stored, s.journal.submit(List.of(put(stored))));
        }
    }

    @Override
    public Write<List<Contact>> addAll(Collection<Contact> drafts) {
        List<Contact> stored = new ArrayList<>(drafts.size());
        List<Op> ops = new ArrayList<>(drafts.size());
        Loaded s = store();
        synchronized (contactWrites) {
            for (Contact draft : drafts) {
                Contact contact = draft.withId(s.contactSeq.incrementAndGet());
                stored.add(contact);
                ops.add(put(contact));
            }
            CompletableFuture<Void> done = ops.isEmpty() ? CompletableFuture.completedFuture(null)
                    : s.journal.submit(ops);
            stored.forEach(s.contacts::put);
            return written(List.copyOf(stored), done);
        }
    }

    @Override
    public Write<Contact> update(Contact contact) {
        Loaded s = store();
        synchronized (contactWrites) {
            if (!s.contacts.contains(contact.id())) {
                throw new IllegalArgumentException("no contact " + contact.id());
            }
            s.contacts.put(contact);
            return written(contact, s.journal.submit(List.of(put(contact))));
        }
    }

    @Override
    public Write<Boolean> remove(long id) {
        Loaded s = store();
        synchronized (contactWrites) {
            if (!s.contacts.remove(id)) {
                return written(false, CompletableFuture.completedFuture(null));
            }
            return written(true, s.journal.submit(List.of(new Delete(Table.CONTACTS, id))));
        }
    }

    private static Op put(Contact contact) {
        return new Put(Table.CONTACTS, contact.id(), Codec.contact(contact));
    }

    // ---------------------------------------------------------------- CallHistory

    /**
     * Called on the call-core thread as a call ends. Before the index is loaded the record is
     * queued behind the load, so the loop never waits; its value then carries no id yet.
     */
    @Override
    public Write<CallRecord> record(CallRecord call) {
        Loaded now = loaded;
        if (now == null) {
            CompletableFuture<CallRecord> later = opening
                    .thenCompose(s -> record(s, call).acknowledged().toCompletableFuture());
            return new Write<>(call, later.minimalCompletionStage());
        }
        return record(now, call);
    }

    private Write<CallRecord> record(Loaded s, CallRecord call) {
        CallRecord named = call;
        if (call.name().isEmpty() && !call.remote().isEmpty()) {
            named = s.contacts.lookup(call.remote()).map(c -> call.withName(c.name())).orElse(call);
        }
        CallRecord stored = named.withId(s.calls.nextId());
        return written(stored, s.calls.record(stored));
    }

    @Override
    public List<CallRecord> list(CallKind kind) {
        return store().calls.list(kind);
    }

    @Override
    public List<CallRecord> list() {
        return store().calls.list();
    }

    @Override
    public Optional<CallRecord> get(long id) {
        return store().calls.get(id);
    }

    @Override
    public int unseenMissed() {
        return store().calls.unseenMissed();
    }

    @Override
    public Write<Integer> markMissedSeen() {
        CallLog.Result result = store().calls.markMissedSeen();
        return written(result.count(), result.done());
    }

    @Override
    public Write<Integer> clear(CallKind kind) {
        CallLog.Result result = store().calls.clear(kind);
        return written(result.count(), result.done());
    }

    @Override
    public Write<Integer> clear() {
        int count = 0;
        Loaded s = store();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (CallKind kind : CallKind.values()) {
            CallLog.Result result = s.calls.clear(kind);
            count += result.count();
            all.add(result.done());
        }
        return written(count, CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)));
    }

    // ---------------------------------------------------------------- status and life cycle

    @Override
    public StoreStatus status() {
        Loaded s = store();
        Journal journal = s.journal;
        NumberMatcher matcher = s.matcher;
        List<String> all = new ArrayList<>(warnings);
        all.addAll(journal.warnings());
        String numbering = "country " + matcher.region() + ", area code "
                + (matcher.area().isEmpty() ? "none" : matcher.area())
                + (matcher.shortcut() ? ", incoming numbers matched by prefixes" : ", every incoming number parsed");
        return new StoreStatus(journal.file().toAbsolutePath().toString(), numbering, journal.persistent(), all,
                s.contacts.size(), s.calls.size(), journal.pending(), journal.commits(), journal.lastCommit());
    }

    /** Commits what is queued and closes the file. */
    @Override
    public void close() {
        Loaded s;
        try {
            s = opening.join();
        } catch (CompletionException e) {
            return; // never opened: nothing to close
        }
        s.journal.close();
    }

    private static <T> Write<T> written(T value, CompletableFuture<Void> done) {
        return new Write<>(value, done.thenApply(ignored -> value).minimalCompletionStage());
    }
}
