package dialtone.store.phonebook.internal;

import java.time.Duration;
import java.time.Instant;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.core.call.Call;
import dialtone.core.call.CallObserver;
import dialtone.core.call.Leg;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;
import dialtone.store.phonebook.CallHistory;
import dialtone.store.phonebook.CallKind;
import dialtone.store.phonebook.CallRecord;

/**
 * Writes every call into the history when it ends: a call that came in on a line is received,
 * rejected or missed; one that a handset or port made is dialed. Runs on the call-core thread;
 * {@link CallHistory#record} only queues the write.
 */
@Component(service = CallObserver.class)
public final class HistoryRecorder implements CallObserver {

    private static final Logger log = LoggerFactory.getLogger(HistoryRecorder.class);
    private static final String LINE = "line";

    private final CallHistory history;

    @Activate
    public HistoryRecorder(@Reference CallHistory history) {
        this.history = history;
    }

    @Override
    public void ended(Call call, Reason reason) {
        CallRecord record = recordOf(call, reason, Instant.now());
        history.record(record);
        log.info("{} recorded as {} call", call.id(), record.kind().name().toLowerCase());
    }

    static CallRecord recordOf(Call call, Reason reason, Instant end) {
        Participant origin = call.origin().participant();
        Leg answered = call.answered();
        Duration talked = call.connectedAt() == null ? Duration.ZERO : Duration.between(call.connectedAt(), end);
        if (talked.isNegative()) {
            talked = Duration.ZERO;
        }
        if (LINE.equals(origin.kind())) {
            CallKind kind = answered != null ? CallKind.RECEIVED
                    : reason == Reason.REJECTED ? CallKind.REJECTED : CallKind.MISSED;
            return CallRecord.of(kind, call.started(), talked, account(origin), answered == null ? ""
                    : answered.participant().name(), call.offer().caller().number(), call.offer().caller().name());
        }
        String line = "";
        for (Leg leg : call.legs()) {
            if (!leg.isOrigin() && LINE.equals(leg.participant().kind())) {
                line = account(leg.participant());
                break;
            }
        }
        String name = answered != null && !LINE.equals(answered.participant().kind()) ? answered.participant().name()
                : "";
        return CallRecord.of(CallKind.DIALED, call.started(), talked, line, origin.name(), call.offer().called(), name);
    }

    private static String account(Participant line) {
        String name = line.name();
        return name.startsWith("line/") ? name.substring(5) : name;
    }
}
