package dialtone.sip.line.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import dialtone.core.call.Reason;

public class SipStatusTest {

    @Test
    public void finalResponsesBecomeTheReasonsAParticipantShows() {
        assertEquals(Reason.BUSY, SipStatus.reason(486));
        assertEquals(Reason.REJECTED, SipStatus.reason(603));
        assertEquals(Reason.UNKNOWN_NUMBER, SipStatus.reason(404));
        assertEquals(Reason.UNKNOWN_NUMBER, SipStatus.reason(484));
        assertEquals(Reason.NO_ANSWER, SipStatus.reason(480));
        assertEquals(Reason.NO_ANSWER, SipStatus.reason(408));
        assertEquals(Reason.INCOMPATIBLE_MEDIA, SipStatus.reason(488));
        assertEquals(Reason.FORBIDDEN, SipStatus.reason(403));
        assertEquals(Reason.CONGESTION, SipStatus.reason(503));
        assertEquals(Reason.FAILURE, SipStatus.reason(500));
        assertEquals(Reason.REJECTED, SipStatus.reason(699));
    }

    @Test
    public void reasonsGoBackToTheStatusesAProviderExpects() {
        assertEquals(486, SipStatus.status(Reason.BUSY));
        assertEquals(603, SipStatus.status(Reason.REJECTED));
        assertEquals(404, SipStatus.status(Reason.UNKNOWN_NUMBER));
        assertEquals(480, SipStatus.status(Reason.UNAVAILABLE));
        assertEquals(488, SipStatus.status(Reason.INCOMPATIBLE_MEDIA));
        assertEquals(403, SipStatus.status(Reason.FORBIDDEN));
        assertEquals(487, SipStatus.status(Reason.CANCELLED));
        assertEquals(503, SipStatus.status(Reason.CONGESTION));
    }

    @Test
    public void everyReasonMapsToAFinalFailureStatus() {
        for (Reason reason : Reason.values()) {
            int status = SipStatus.status(reason);
            if (status < 400 || status > 699) {
                throw new AssertionError(reason + " -> " + status);
            }
        }
    }
}
