package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import dialtone.core.call.CallerId;
import dialtone.core.call.Codec;
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Reason;
import dialtone.store.phonebook.CallHistory;
import dialtone.store.phonebook.CallKind;
import dialtone.store.phonebook.CallRecord;
import dialtone.store.phonebook.ContactNumber;
import dialtone.store.phonebook.Phonebook;

/** Calls are named from the phonebook as they are placed and end in the call history. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CallHistoryIT extends DialtoneTestBase {

    private static final List<Codec> CODECS = List.of(Codec.PCMA, Codec.PCMU);

    @Inject
    private Phonebook phonebook;

    @Inject
    private CallHistory history;

    private final TestParticipant line = new TestParticipant("line/home", "line", CODECS);
    private final TestParticipant kitchen = new TestParticipant("dect/1", "handset", CODECS);
    private final TestParticipant hall = new TestParticipant("dect/2", "handset", CODECS);

    private Offer incoming(String number, String networkName) {
        return new Offer(new CallerId(number, networkName), "5550100", Media.of(CODECS));
    }

    private CallRecord newest(CallKind kind, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<CallRecord> records;
        do {
            records = history.list(kind);
            if (records.size() >= count) {
                return records.get(0);
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no " + kind + " call in the history: " + history.list());
    }

    @Test
    public void aCallCancelledWhileTwoHandsetsRingIsAMissedCallWithThePhonebookName() throws Exception {
        phonebook.add("Anna Schmidt", List.of(new ContactNumber(ContactNumber.Type.HOME, "+49 30 1234567")), false)
                .acknowledged().toCompletableFuture().get(5, TimeUnit.SECONDS);
        int missedBefore = history.list(CallKind.MISSED).size();

        line.useLeg(onLoop(() -> core.calls().place(line, incoming("0049301234567", "ANNA S"), List.of(kitchen, hall)))
                .origin());
        Offer toKitchen = (Offer) kitchen.next("offer").detail();
        Offer toHall = (Offer) hall.next("offer").detail();
        assertEquals("Anna Schmidt", toKitchen.caller().name());
        assertEquals("Anna Schmidt", toHall.caller().name());
        hall.leg().alerting();
        line.next("alerting");
        line.leg().release(Reason.NORMAL);
        assertEquals(Reason.CANCELLED, kitchen.next("released").detail());
        assertEquals(Reason.CANCELLED, hall.next("released").detail());

        CallRecord missed = newest(CallKind.MISSED, missedBefore + 1);
        assertEquals("Anna Schmidt", missed.name());
        assertEquals("0049301234567", missed.remote());
        assertEquals("home", missed.line());
        assertTrue(!missed.seen());
    }

    @Test
    public void anAnsweredCallIsReceivedOnTheHandsetThatAnswered() throws Exception {
        int before = history.list(CallKind.RECEIVED).size();
        onLoop(() -> core.calls().place(line, incoming("0401112223", "Bob"), List.of(kitchen, hall)));
        kitchen.next("offer");
        hall.next("offer");
        kitchen.leg().answer(Media.of(CODECS));
        line.next("connected");
        assertEquals(Reason.ANSWERED_ELSEWHERE, hall.next("released").detail());
        kitchen.leg().release(Reason.NORMAL);
        line.next("released");

        CallRecord received = newest(CallKind.RECEIVED, before + 1);
        assertEquals("dect/1", received.device());
        assertEquals("Bob", received.name());
    }

    @Test
    public void aCallAHandsetMakesIsDialed() throws Exception {
        int before = history.list(CallKind.DIALED).size();
        Offer dialled = new Offer(new CallerId("1", "Kitchen"), "0301234567", Media.of(CODECS));
        kitchen.useLeg(onLoop(() -> core.calls().place(kitchen, dialled, List.of(line))).origin());
        line.next("offer");
        line.leg().answer(Media.of(CODECS));
        kitchen.next("connected");
        kitchen.leg().release(Reason.NORMAL);
        line.next("released");

        CallRecord record = newest(CallKind.DIALED, before + 1);
        assertEquals("0301234567", record.remote());
        assertEquals("home", record.line());
        assertEquals("dect/1", record.device());
    }
}
