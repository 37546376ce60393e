package dialtone.sip.line.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import dialtone.core.call.Codec;

public class SdpTest {

    private static final String OFFER = "v=0\r\no=- 1 1 IN IP4 192.0.2.7\r\ns=-\r\nc=IN IP4 192.0.2.7\r\nt=0 0\r\n"
            + "m=audio 40100 RTP/AVP 18 8 0 96\r\na=rtpmap:18 G729/8000\r\na=rtpmap:96 telephone-event/8000\r\n";

    @Test
    public void anOfferKeepsTheCodecsDialtoneCarriesInTheCallersOrder() throws Exception {
        Sdp.Remote remote = Sdp.parse(OFFER);
        assertEquals(List.of(Codec.PCMA, Codec.PCMU, Codec.TELEPHONE_EVENT), remote.media().codecs());
        assertEquals("rtp://192.0.2.7:40100", remote.media().endpoint().toString());
        assertEquals(96, remote.eventPayloadType());
    }

    @Test
    public void anOfferWithOnlyForeignCodecsHasNoVoice() throws Exception {
        String g729 = OFFER.replace("18 8 0 96", "18");
        assertFalse(Sdp.parse(g729).media().hasVoice());
    }

    @Test
    public void aReOfferMovesTheMediaOnlyToAnotherPlaceOrOtherCodecsAndNeverTo0000() throws Exception {
        Sdp.Remote current = Sdp.parse(OFFER);
        assertFalse("a session refresh", SipAgent.movesMedia(current, Sdp.parse(OFFER)));
        assertTrue("another port", SipAgent.movesMedia(current, Sdp.parse(OFFER.replace("40100", "40102"))));
        assertTrue("other codecs", SipAgent.movesMedia(current, Sdp.parse(OFFER.replace("18 8 0 96", "0 96"))));
        String oldHold = OFFER.replace("c=IN IP4 192.0.2.7", "c=IN IP4 0.0.0.0").replace("40100", "40102");
        assertFalse("the old way to hold", SipAgent.movesMedia(current, Sdp.parse(oldHold)));
    }

    @Test
    public void aHoldIsReadFromTheDirectionOrTheOldZeroAddressAndAnsweredInTheMirroredDirection() throws Exception {
        assertEquals(Sdp.Direction.SENDRECV, Sdp.parse(OFFER).direction());
        assertFalse(Sdp.parse(OFFER).holds());
        Sdp.Remote sendonly = Sdp.parse(OFFER + "a=sendonly\r\n");
        assertTrue(sendonly.holds());
        assertEquals(Sdp.Direction.RECVONLY, sendonly.direction().answer(Sdp.Direction.SENDRECV));
        Sdp.Remote inactive = Sdp.parse(OFFER.replace("t=0 0\r\n", "t=0 0\r\na=inactive\r\n"));
        assertEquals("a session-level attribute counts", Sdp.Direction.INACTIVE, inactive.direction());
        assertEquals(Sdp.Direction.INACTIVE, inactive.direction().answer(Sdp.Direction.SENDRECV));
        Sdp.Remote oldHold = Sdp.parse(OFFER.replace("c=IN IP4 192.0.2.7", "c=IN IP4 0.0.0.0"));
        assertEquals(Sdp.Direction.SENDONLY, oldHold.direction());
        // While we hold, an offer to talk again is answered "we only send".
        assertEquals(Sdp.Direction.SENDONLY, Sdp.Direction.SENDRECV.answer(Sdp.Direction.SENDONLY));
        assertEquals(Sdp.Direction.INACTIVE, Sdp.Direction.SENDONLY.answer(Sdp.Direction.SENDONLY));
        String held = Sdp.describe(List.of(Codec.PCMU), "192.0.2.9", 40002, 7, 8, 101, Sdp.Direction.SENDONLY);
        assertTrue(held, held.contains("a=sendonly") && held.contains("o=dialtone 7 8 IN IP4"));
    }

    @Test
    public void aDescriptionRoundTrips() throws Exception {
        String text = Sdp.describe(List.of(Codec.G722, Codec.PCMU, Codec.TELEPHONE_EVENT), "192.0.2.9", 40002, 7, 7, 96,
                Sdp.Direction.SENDRECV);
        assertTrue(text, text.contains("m=audio 40002 RTP/AVP 9 0 96"));
        assertTrue(text, text.contains("a=rtpmap:96 telephone-event/8000"));
        Sdp.Remote back = Sdp.parse(text);
        assertEquals(List.of(Codec.G722, Codec.PCMU, Codec.TELEPHONE_EVENT), back.media().codecs());
    }
}
