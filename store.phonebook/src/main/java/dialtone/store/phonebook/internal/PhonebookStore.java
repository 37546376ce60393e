package dialtone.store.phonebook.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

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
 */
public class PhonebookStore implements Phonebook, CallHistory, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PhonebookStore.class);

    private final Journal journal;
    private final NumberMatcher matcher;
    private final ContactIndex contacts;
    private final CallLog calls;
    private final AtomicLong contactSeq;
    /** Serialises contact changes (shell and import threads only; the call core never changes contacts). */
    private final Object contactWrites = new Object();
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    public PhonebookStore(StoreSettings settings) {
        this(settings, List.of());
    }

    PhonebookStore(StoreSettings settings, List<String> configurationWarnings) {
        warnings.addAll(configurationWarnings);
        this.matcher = new NumberMatcher(settings.country(), settings.areaCode());
        this.journal = Journal.open(settings.file());
        this.contacts = new ContactIndex(matcher);
        long lastContact = journal.loadedContactSeq();
        for (Map.Entry<Long, byte[]> e : journal.loadedContacts().entrySet()) {
            try {
                contacts.put(Codec.contact(e.getKey(), e.getValue()));
            } catch (IllegalStateException unreadable) {
                unreadable("contact", e.getKey(), unreadable);
            }
            lastContact = Math.max(lastContact, e.getKey());
        }
        this.contactSeq = new AtomicLong(lastContact);
        this.calls = new CallLog(journal, settings.limits(), journal.loadedCallSeq());
        List<Op> trimmed = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : journal.loadedCalls().entrySet()) {
            try {
                trimmed.addAll(calls.load(Codec.call(e.getKey(), e.getValue())));
            } catch (IllegalStateException unreadable) {
                unreadable("call record", e.getKey(), unreadable);
            }
        }
        if (!trimmed.isEmpty()) {
            log.info("phonebook store {}: dropping {} old call records beyond the configured limits",
                    journal.file(), trimmed.size());
            journal.submit(trimmed);
        }
        log.info("phonebook store {} open: {} contacts, {} call records{}", journal.file(), contacts.size(),
                calls.size(), journal.persistent() ? "" : " (memory only)");
    }

    private void unreadable(String what, long id, Exception e) {
        log.error("phonebook store {}: {} {} is unreadable and left out ({})", journal.file(), what, id,
                e.getMessage());
        warnings.add(what + " " + id + " in the file is unreadable and was left out");
    }

    // ---------------------------------------------------------------- Phonebook: reads

    @Override
    public Optional<Contact> lookup(String number) {
        return contacts.lookup(number);
    }

    @Override
    public Optional<Contact> contact(long id) {
        return contacts.get(id);
    }

    @Override
    public List<Contact> contacts() {
        return contacts.all();
    }

    @Override
    public List<Contact> findByName(String prefix, int limit) {
        return contacts.findByName(prefix, limit);
    }

    @Override
    public List<Contact> findByNumber(String prefix, int limit) {
        return contacts.findByNumber(prefix, limit);
    }

    // ---------------------------------------------------------------- Phonebook: changes

    @Override
    public Write<Contact> add(String name, List<ContactNumber> numbers, boolean favourite) {
        Contact draft = Contact.of(name, numbers, favourite);
        synchronized (contactWrites) {
            Contact stored = draft.withId(contactSeq.incrementAndGet());
            contacts.put(stored);
            return written(stored, journal.submit(List.of(put(stored))));
        }
    }

    @Override
    public Write<List<Contact>> addAll(Collection<Contact> drafts) {
        List<Contact> stored = new ArrayList<>(drafts.size());
        List<Op> ops = new ArrayList<>(drafts.size());
        synchronized (contactWrites) {
            for (Contact draft : drafts) {
                Contact contact = draft.withId(contactSeq.incrementAndGet());
                stored.add(contact);
                ops.add(put(contact));
            }
            CompletableFuture<Void> done = ops.isEmpty() ? CompletableFuture.completedFuture(null)
                    : journal.submit(ops);
            stored.forEach(contacts::put);
            return written(List.copyOf(stored), done);
        }
    }

    @Override
    public Write<Contact> update(Contact contact) {
        synchronized (contactWrites) {
            if (!contacts.contains(contact.id())) {
                throw new IllegalArgumentException("no contact " + contact.id());
            }
            contacts.put(contact);
            return written(contact, journal.submit(List.of(put(contact))));
        }
    }

    @Override
    public Write<Boolean> remove(long id) {
        synchronized (contactWrites) {
            if (!contacts.remove(id)) {
                return written(false, CompletableFuture.completedFuture(null));
            }
            return written(true, journal.submit(List.of(new Delete(Table.CONTACTS, id))));
        }
    }

    private static Op put(Contact contact) {
        return new Put(Table.CONTACTS, contact.id(), Codec.contact(contact));
    }

    // ---------------------------------------------------------------- CallHistory

    @Override
    public Write<CallRecord> record(CallRecord call) {
        CallRecord named = call;
        if (call.name().isEmpty() && !call.remote().isEmpty()) {
            named = contacts.lookup(call.remote()).map(c -> call.withName(c.name())).orElse(call);
        }
        CallRecord stored = named.withId(calls.nextId());
        return written(stored, calls.record(stored));
    }

    @Override
    public List<CallRecord> list(CallKind kind) {
        return calls.list(kind);
    }

    @Override
    public List<CallRecord> list() {
        return calls.list();
    }

    @Override
    public Optional<CallRecord> get(long id) {
        return calls.get(id);
    }

    @Override
    public int unseenMissed() {
        return calls.unseenMissed();
    }

    @Override
    public Write<Integer> markMissedSeen() {
        CallLog.Result result = calls.markMissedSeen();
        return written(result.count(), result.done());
    }

    @Override
    public Write<Integer> clear(CallKind kind) {
        CallLog.Result result = calls.clear(kind);
        return written(result.count(), result.done());
    }

    @Override
    public Write<Integer> clear() {
        int count = 0;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (CallKind kind : CallKind.values()) {
            CallLog.Result result = calls.clear(kind);
            count += result.count();
            all.add(result.done());
        }
        return written(count, CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)));
    }

    // ---------------------------------------------------------------- status and life cycle

    @Override
    public StoreStatus status() {
        List<String> all = new ArrayList<>(warnings);
        all.addAll(journal.warnings());
        String numbering = "country " + matcher.region() + ", area code "
                + (matcher.area().isEmpty() ? "none" : matcher.area())
                + (matcher.shortcut() ? ", incoming numbers matched by prefixes" : ", every incoming number parsed");
        return new StoreStatus(journal.file().toAbsolutePath().toString(), numbering, journal.persistent(), all,
                contacts.size(), calls.size(), journal.pending(), journal.commits(), journal.lastCommit());
    }

    /** Commits what is queued and closes the file. */
    @Override
    public void close() {
        journal.close();
    }

    private static <T> Write<T> written(T value, CompletableFuture<Void> done) {
        return new Write<>(value, done.thenApply(ignored -> value).minimalCompletionStage());
    }
}
