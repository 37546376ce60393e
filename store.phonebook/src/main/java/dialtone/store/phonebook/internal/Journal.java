package dialtone.store.phonebook.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.mapdb.Atomic;
import org.mapdb.BTreeKeySerializer;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's own writer thread and its MapDB file. Changes arrive as units of operations on a
 * lock-free queue (so no caller ever waits for the disk); the writer takes every unit waiting,
 * applies them to MapDB's maps and commits them in one write-ahead-logged transaction, then
 * completes each unit's acknowledgement. Units are applied in the order they were submitted.
 */
final class Journal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    /** The most units one commit takes: bounds the transaction log while keeping commits few. */
    private static final int MAX_BATCH = 512;

    enum Table { CONTACTS, CALLS }

    /** One change to a table. */
    sealed interface Op permits Put, PutIfPresent, Delete {
        Table table();

        long key();
    }

    record Put(Table table, long key, byte[] value) implements Op {
    }

    /** Rewrites a record only if it is still there: a change racing with its removal never resurrects it. */
    record PutIfPresent(Table table, long key, byte[] value) implements Op {
    }

    record Delete(Table table, long key) implements Op {
    }

    private record Unit(List<Op> ops, CompletableFuture<Void> done) {
    }

    private final Path file;
    private final DB db;
    private final BTreeMap<Long, byte[]> contacts;
    private final BTreeMap<Long, byte[]> calls;
    private final Atomic.Long contactSeq;
    private final Atomic.Long callSeq;
    private final NavigableMap<Long, byte[]> loadedContacts;
    private final NavigableMap<Long, byte[]> loadedCalls;
    private final long loadedContactSeq;
    private final long loadedCallSeq;
    private final List<String> warnings;

    private final ConcurrentLinkedQueue<Unit> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private volatile Instant lastCommit;
    private volatile boolean running = true;
    private final Thread writer;

    private Journal(Path file, DB db, List<String> warnings) {
        this.file = file;
        this.db = db;
        this.warnings = warnings;
        if (db != null) {
            contacts = db.createTreeMap("contacts").keySerializer(BTreeKeySerializer.ZERO_OR_POSITIVE_LONG)
                    .valueSerializer(Serializer.BYTE_ARRAY).makeOrGet();
            calls = db.createTreeMap("calls").keySerializer(BTreeKeySerializer.ZERO_OR_POSITIVE_LONG)
                    .valueSerializer(Serializer.BYTE_ARRAY).makeOrGet();
            contactSeq = sequence(db, "contacts.seq");
            callSeq = sequence(db, "calls.seq");
            // Read everything now: a file that opens but cannot be read counts as one that cannot be opened.
            loadedContacts = new TreeMap<>(contacts);
            loadedCalls = new TreeMap<>(calls);
            loadedContactSeq = contactSeq.get();
            loadedCallSeq = callSeq.get();
            db.commit();
        } else {
            contacts = null;
            calls = null;
            contactSeq = null;
            callSeq = null;
            loadedContacts = Collections.emptyNavigableMap();
            loadedCalls = Collections.emptyNavigableMap();
            loadedContactSeq = 0;
            loadedCallSeq = 0;
        }
        writer = new Thread(this::run, "phonebook-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Opens the store file, or, when it cannot be opened or read, moves it aside, logs it and
     * starts an empty one; when not even that works the store keeps changes in memory only.
     * Never throws: a broken file must not keep the exchange from starting.
     */
    static Journal open(Path file) {
        List<String> warnings = new CopyOnWriteArrayList<>();
        DB db = null;
        try {
            db = openDb(file);
            return new Journal(file, db, warnings);
        } catch (Throwable broken) {
            if (broken instanceof VirtualMachineError) {
                throw (VirtualMachineError) broken;
            }
            closeQuietly(db);
            String reason = describe(broken);
            if (exists(file)) {
                String aside = moveAside(file);
                log.error("phonebook store {} cannot be opened ({}); moved aside to {} and starting with an empty store",
                        file, reason, aside, broken);
                warnings.add("store file could not be opened (" + reason + "); moved aside to " + aside
                        + "; started empty");
            }
            DB fresh = null;
            try {
                fresh = openDb(file);
                return new Journal(file, fresh, warnings);
            } catch (Throwable again) {
                if (again instanceof VirtualMachineError) {
                    throw (VirtualMachineError) again;
                }
                closeQuietly(fresh);
                log.error("phonebook store {} cannot be created ({}); changes are kept in memory only and are lost on restart",
                        file, describe(again), again);
                warnings.add("no store file (" + describe(again) + "): changes are lost on restart");
                return new Journal(file, null, warnings);
            }
        }
    }

    /** With strictDBGet a missing name is an error rather than silently created, so create it explicitly. */
    private static Atomic.Long sequence(DB db, String name) {
        return db.exists(name) ? db.getAtomicLong(name) : db.createAtomicLong(name, 0L);
    }

    private static DB openDb(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // Transactions (the write-ahead log) stay on and every commit is synced: that is what
        // makes an acknowledged write survive a kill or a power cut. No instance cache: the
        // store keeps its own copy in memory, so MapDB is only read when the file is opened.
        return DBMaker.newFileDB(file.toFile())
                .cacheDisable()
                .checksumEnable()
                .strictDBGet()
                .make();
    }

    Path file() {
        return file;
    }

    boolean persistent() {
        return db != null;
    }

    NavigableMap<Long, byte[]> loadedContacts() {
        return loadedContacts;
    }

    NavigableMap<Long, byte[]> loadedCalls() {
        return loadedCalls;
    }

    long loadedContactSeq() {
        return loadedContactSeq;
    }

    long loadedCallSeq() {
        return loadedCallSeq;
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    long pending() {
        return pending.get();
    }

    long commits() {
        return commits.get();
    }

    Optional<Instant> lastCommit() {
        return Optional.ofNullable(lastCommit);
    }

    /** Queues a unit of changes; never blocks. The future completes after the commit that holds them. */
    CompletableFuture<Void> submit(List<Op> ops) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the phonebook store is closed"));
            return done;
        }
        pending.incrementAndGet();
        queue.offer(new Unit(List.copyOf(ops), done));
        LockSupport.unpark(writer);
        return done;
    }

    private void run() {
        List<Unit> batch = new ArrayList<>();
        while (true) {
            Unit unit = queue.poll();
            if (unit == null) {
                if (!running) {
                    return;
                }
                LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                continue;
            }
            do {
                batch.add(unit);
            } while (batch.size() < MAX_BATCH && (unit = queue.poll()) != null);
            commit(batch);
            pending.addAndGet(-batch.size());
            batch.clear();
        }
    }

    private void commit(List<Unit> batch) {
        if (db == null) {
            IllegalStateException failure = new IllegalStateException("no store file: change kept in memory only");
            batch.forEach(unit -> unit.done().completeExceptionally(failure));
            return;
        }
        try {
            for (Unit unit : batch) {
                for (Op op : unit.ops()) {
                    apply(op);
                }
            }
            db.commit();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw (VirtualMachineError) e;
            }
            log.error("phonebook store {}: commit of {} changes failed ({}); they stay in memory but are not on disk",
                    file, batch.size(), describe(e), e);
            warnings.add(Instant.now() + " commit failed (" + describe(e) + "): recent changes are not on disk");
            try {
                db.rollback();
            } catch (RuntimeException | Error again) {
                log.error("phonebook store {}: rollback failed too ({})", file, describe(again));
            }
            batch.forEach(unit -> unit.done().completeExceptionally(e));
            return;
        }
        commits.incrementAndGet();
        lastCommit = Instant.now();
        for (Unit unit : batch) {
            unit.done().complete(null);
        }
    }

    private void apply(Op op) {
        BTreeMap<Long, byte[]> map = op.table() == Table.CONTACTS ? contacts : calls;
        if (op instanceof Put put) {
            map.put(put.key(), put.value());
            Atomic.Long seq = op.table() == Table.CONTACTS ? contactSeq : callSeq;
            if (seq.get() < put.key()) {
                seq.set(put.key());
            }
        } else if (op instanceof PutIfPresent put) {
            map.replace(put.key(), put.value());
        } else {
            map.remove(op.key());
        }
    }

    /** Stops taking changes, commits what is queued (waiting at most a few seconds) and closes the file. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.warn("phonebook store {}: writer still busy after 5 s; closing with {} changes uncommitted", file,
                    pending.get());
        } else {
            // A change submitted while the writer was stopping: tell its caller rather than leave it waiting.
            Unit late;
            while ((late = queue.poll()) != null) {
                late.done().completeExceptionally(new IllegalStateException("the phonebook store was closing"));
            }
        }
        if (db != null && !db.isClosed()) {
            try {
                db.close();
            } catch (RuntimeException | Error e) {
                log.error("phonebook store {}: close failed ({})", file, describe(e));
            }
        }
    }

    private static boolean exists(Path file) {
        for (File f : mapdbFiles(file)) {
            if (f.exists()) {
                return true;
            }
        }
        return false;
    }

    /** MapDB 1.0 keeps a store in three files: the index, its data (.p) and the transaction log (.t). */
    private static File[] mapdbFiles(Path file) {
        String base = file.toString();
        return new File[] { new File(base), new File(base + ".p"), new File(base + ".t") };
    }

    private static String moveAside(Path file) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        String aside = file + ".broken-" + stamp;
        for (int n = 1; new File(aside).exists() || new File(aside + ".p").exists(); n++) {
            aside = file + ".broken-" + stamp + "-" + n;
        }
        String[] suffixes = { "", ".p", ".t" };
        for (String suffix : suffixes) {
            Path from = Path.of(file + suffix);
            if (Files.exists(from)) {
                try {
                    Files.move(from, Path.of(aside + suffix), StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    log.error("phonebook store: cannot move {} aside ({}); deleting it", from, describe(e));
                    try {
                        Files.deleteIfExists(from);
                    } catch (IOException gone) {
                        log.error("phonebook store: cannot delete {} either ({})", from, describe(gone));
                    }
                }
            }
        }
        return aside;
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static void closeQuietly(DB db) {
        if (db != null) {
            try {
                db.close();
            } catch (RuntimeException | Error e) {
                log.debug("closing a broken store failed too", e);
            }
        }
    }
}
