package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import dialtone.store.phonebook.CallHistory;
import dialtone.store.phonebook.CallKind;
import dialtone.store.phonebook.CallRecord;

/** Calls through the exchange's own routing and dial plan, between emulated handsets. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FirstCallsIT extends DialtoneTestBase {

    @Inject
    private CallHistory history;

    private final EmulatedHandsets handsets = new EmulatedHandsets(this);

    @Before
    public void plug() throws Exception {
        handsets.plugAndSubscribe(2, 1, 2, 3);
    }

    @After
    public void unplug() throws Exception {
        handsets.reset();
    }

    @Test
    public void aHandsetCallsAnotherByItsInternalNumber() throws Exception {
        handsets.act(1, "dial '**3'");
        handsets.await(3, "ringing yes");
        assertTrue(handsets.show(2).contains("ringing no"));
        handsets.act(3, "answer");
        handsets.await(1, "call connected");
        handsets.act(3, "onhook");
        handsets.await(1, "call idle");
        awaitShell("call:list", "no calls");
    }

    @Test
    public void starStarNineRingsEveryOtherHandsetAndTheFirstToAnswerTakesTheCall() throws Exception {
        int dialedBefore = history.list(CallKind.DIALED).size();
        handsets.act(1, "dial '**9'");
        handsets.await(2, "ringing yes");
        handsets.await(3, "ringing yes");
        assertTrue("the caller does not ring itself", handsets.show(1).contains("ringing no"));
        handsets.act(3, "answer");
        handsets.await(1, "call connected");
        handsets.await(2, "ringing no");
        assertTrue(handsets.show(2).contains("call idle"));
        handsets.act(1, "onhook");
        handsets.await(3, "call idle");
        awaitShell("call:list", "no calls");

        List<CallRecord> dialed = await(() -> {
            List<CallRecord> now = history.list(CallKind.DIALED);
            return now.size() > dialedBefore ? now : null;
        }, "the call is in the history");
        assertEquals("**9", dialed.get(0).remote());
        assertEquals("dect/1", dialed.get(0).device());
    }
}
