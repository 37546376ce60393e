package dialtone.store.phonebook.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;

import dialtone.store.phonebook.CallKind;
import dialtone.store.phonebook.CallRecord;
import dialtone.store.phonebook.Contact;
import dialtone.store.phonebook.ContactNumber;
import dialtone.store.phonebook.Write;

/**
 * The child process of {@link CrashTest}: opens the store, then writes contacts and call records
 * as fast as the store acknowledges them (many in flight at once, as the shell and the call core
 * would), printing each acknowledgement, until it is killed.
 * <p>
 * Lines: {@code READY}, {@code C id name $} for a contact, {@code H id remote $} for a call record;
 * the closing {@code $} tells a whole line from one the kill cut short.
 */
public final class CrashWriter {

    /** Acknowledged writes in flight at once: enough for group commits, bounded so memory stays small. */
    private static final int IN_FLIGHT = 64;

    /** Writes per run at most, so a run that is never killed still ends (and stays within the history limit). */
    static final int MAX_WRITES = 4000;

    static final int HISTORY_LIMIT = 10_000;

    private CrashWriter() {
    }

    static StoreSettings settings(Path file) {
        StoreSettings settings = StoreSettings.of(file, "DE", "030");
        for (CallKind kind : CallKind.values()) {
            settings = settings.withLimit(kind, HISTORY_LIMIT);
        }
        return settings;
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(System.out, true, "UTF-8");
        PhonebookStore store = new PhonebookStore(settings(file));
        out.println("READY");
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        for (int i = 0; i < MAX_WRITES; i++) {
            inFlight.acquire();
            if (i % 3 == 2) {
                String remote = "0301" + String.format("%03d%04d", round, i);
                Write<CallRecord> write = store.record(CallRecord.of(CallKind.values()[i % 4], Instant.now(),
                        Duration.ofSeconds(i % 60), "sip1", "handset 1", remote, ""));
                write.acknowledged().whenComplete((call, failure) -> {
                    if (failure == null) {
                        out.println("H " + call.id() + " " + call.remote() + " $");
                    }
                    inFlight.release();
                });
            } else {
                String name = "Crash " + round + "." + i;
                Write<Contact> write = store.add(name,
                        List.of(ContactNumber.mobile("0170 " + (1_000_000 + round * 10_000 + i))), i % 10 == 0);
                write.acknowledged().whenComplete((contact, failure) -> {
                    if (failure == null) {
                        out.println("C " + contact.id() + " " + contact.name() + " $");
                    }
                    inFlight.release();
                });
            }
        }
        inFlight.acquire(IN_FLIGHT);
        store.close();
        out.println("DONE");
    }
}
