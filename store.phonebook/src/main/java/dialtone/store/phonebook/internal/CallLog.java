package dialtone.store.phonebook.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dialtone.store.phonebook.CallKind;
import dialtone.store.phonebook.CallRecord;
import dialtone.store.phonebook.internal.Journal.Delete;
import dialtone.store.phonebook.internal.Journal.Op;
import dialtone.store.phonebook.internal.Journal.Put;
import dialtone.store.phonebook.internal.Journal.PutIfPresent;
import dialtone.store.phonebook.internal.Journal.Table;

/**
 * The call history in memory, one list per kind ordered by id (oldest first), each bounded by
 * its limit. Lock-free: the call core records on its own thread while the shell lists, marks and
 * clears. Every change is handed to the journal before it shows in memory, and a record is only
 * ever removed by whoever took it out of memory, so the file sees changes in the order memory did.
 */
final class CallLog {

    private final Journal journal;
    private final Map<CallKind, Integer> limits;
    private final EnumMap<CallKind, ConcurrentSkipListMap<Long, CallRecord>> kinds = new EnumMap<>(CallKind.class);
    private final EnumMap<CallKind, AtomicInteger> sizes = new EnumMap<>(CallKind.class);
    private final AtomicLong seq;

    CallLog(Journal journal, Map<CallKind, Integer> limits, long lastId) {
        this.journal = journal;
        this.limits = limits;
        this.seq = new AtomicLong(lastId);
        for (CallKind kind : CallKind.values()) {
            kinds.put(kind, new ConcurrentSkipListMap<>());
            sizes.put(kind, new AtomicInteger());
        }
    }

    /** Takes a record read from the file; returns the deletions that bring its kind back within limit. */
    List<Op> load(CallRecord call) {
        kinds.get(call.kind()).put(call.id(), call);
        sizes.get(call.kind()).incrementAndGet();
        seq.accumulateAndGet(call.id(), Math::max);
        List<Op> ops = new ArrayList<>();
        trim(call.kind(), limits.get(call.kind()), ops);
        return ops;
    }

    /** Stores a call (already named) and drops the oldest of its kind beyond the limit. */
    CompletableFuture<Void> record(CallRecord stored) {
        CallKind kind = stored.kind();
        List<Op> ops = new ArrayList<>(2);
        ops.add(new Put(Table.CALLS, stored.id(), Codec.call(stored)));
        trim(kind, limits.get(kind) - 1, ops);
        CompletableFuture<Void> done = journal.submit(ops);
        kinds.get(kind).put(stored.id(), stored);
        sizes.get(kind).incrementAndGet();
        return done;
    }

    long nextId() {
        return seq.incrementAndGet();
    }

    private void trim(CallKind kind, int keep, List<Op> ops) {
        ConcurrentSkipListMap<Long, CallRecord> list = kinds.get(kind);
        AtomicInteger size = sizes.get(kind);
        while (size.get() > keep) {
            Map.Entry<Long, CallRecord> oldest = list.pollFirstEntry();
            if (oldest == null) {
                break;
            }
            size.decrementAndGet();
            ops.add(new Delete(Table.CALLS, oldest.getKey()));
        }
    }

    List<CallRecord> list(CallKind kind) {
        return new ArrayList<>(kinds.get(kind).descendingMap().values());
    }

    List<CallRecord> list() {
        List<CallRecord> all = new ArrayList<>();
        for (ConcurrentSkipListMap<Long, CallRecord> list : kinds.values()) {
            all.addAll(list.values());
        }
        all.sort(Comparator.comparingLong(CallRecord::id).reversed());
        return all;
    }

    Optional<CallRecord> get(long id) {
        for (ConcurrentSkipListMap<Long, CallRecord> list : kinds.values()) {
            CallRecord call = list.get(id);
            if (call != null) {
                return Optional.of(call);
            }
        }
        return Optional.empty();
    }

    int size() {
        int total = 0;
        for (AtomicInteger size : sizes.values()) {
            total += size.get();
        }
        return total;
    }

    int unseenMissed() {
        int unseen = 0;
        for (CallRecord call : kinds.get(CallKind.MISSED).values()) {
            if (!call.seen()) {
                unseen++;
            }
        }
        return unseen;
    }

    /** Marks every missed call seen; the ops only rewrite records still on file. */
    Result markMissedSeen() {
        ConcurrentSkipListMap<Long, CallRecord> missed = kinds.get(CallKind.MISSED);
        List<Op> ops = new ArrayList<>();
        for (CallRecord call : missed.values()) {
            if (!call.seen()) {
                CallRecord seen = call.asSeen();
                if (missed.replace(call.id(), call, seen)) {
                    ops.add(new PutIfPresent(Table.CALLS, call.id(), Codec.call(seen)));
                }
            }
        }
        return new Result(ops.size(), submit(ops));
    }

    Result clear(CallKind kind) {
        ConcurrentSkipListMap<Long, CallRecord> list = kinds.get(kind);
        List<Op> ops = new ArrayList<>();
        for (Long id : list.keySet()) {
            if (list.remove(id) != null) {
                sizes.get(kind).decrementAndGet();
                ops.add(new Delete(Table.CALLS, id));
            }
        }
        return new Result(ops.size(), submit(ops));
    }

    /** How many records a change touched and its acknowledgement. */
    record Result(int count, CompletableFuture<Void> done) {
    }

    private CompletableFuture<Void> submit(List<Op> ops) {
        return ops.isEmpty() ? CompletableFuture.completedFuture(null) : journal.submit(ops);
    }
}
