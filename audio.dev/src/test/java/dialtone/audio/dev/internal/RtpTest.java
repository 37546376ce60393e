package dialtone.audio.dev.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class RtpTest {

    @Test
    public void headerCarriesVersionMarkerTypeSequenceTimestampAndSsrc() {
        byte[] packet = new byte[12];
        Rtp.header(packet, true, 8, 0xBEEF, 0xCAFEBABEL, 0x12345678);
        assertEquals(0x80, packet[0] & 0xFF);
        assertEquals(0x88, packet[1] & 0xFF);
        assertEquals(0xBE, packet[2] & 0xFF);
        assertEquals(0xEF, packet[3] & 0xFF);
        assertTrue(Rtp.marker(packet));
        assertEquals(8, Rtp.payloadType(packet));
        assertEquals(0xBEEF, Rtp.sequence(packet));
        assertEquals(0xCAFEBABEL, Rtp.timestamp(packet));
        assertEquals(0x12345678, Rtp.ssrc(packet));
        assertEquals(12, Rtp.payloadOffset(packet, 12));
    }

    @Test
    public void payloadSkipsCsrcsAndExtensionAndDropsPadding() {
        byte[] packet = new byte[40];
        Rtp.header(packet, false, 0, 1, 2, 3);
        packet[0] = (byte) (0x80 | 0x20 | 0x10 | 2); // padding, extension, two CSRCs
        packet[12 + 8 + 3] = 1; // extension of one word
        int offset = Rtp.payloadOffset(packet, 40);
        assertEquals(12 + 8 + 4 + 4, offset);
        packet[39] = 4; // four bytes of padding
        assertEquals(40 - offset - 4, Rtp.payloadLength(packet, 40, offset));
        assertFalse(Rtp.marker(packet));
    }

    @Test
    public void refusesWhatIsNotRtpVersionTwo() {
        byte[] packet = new byte[20];
        packet[0] = 0x40;
        assertEquals(-1, Rtp.payloadOffset(packet, 20));
        assertEquals(-1, Rtp.payloadOffset(new byte[8], 8));
        byte[] csrcs = new byte[16];
        csrcs[0] = (byte) 0x83; // claims three CSRCs in 16 bytes
        assertEquals(-1, Rtp.payloadOffset(csrcs, 16));
    }

    @Test
    public void telephoneEventsFollowRfc4733() {
        byte[] packet = new byte[16];
        Rtp.event(packet, 12, Rtp.eventOf('#'), true, 10, 800);
        assertEquals(11, packet[12]);
        assertEquals(0x8A, packet[13] & 0xFF);
        assertEquals(800, Rtp.eventDuration(packet, 12));
        assertTrue(Rtp.eventEnd(packet, 12));
        assertEquals('#', Rtp.digitOf(Rtp.eventCode(packet, 12)));
        assertEquals(5, Rtp.eventOf('5'));
        assertEquals(10, Rtp.eventOf('*'));
        assertEquals(15, Rtp.eventOf('d'));
        assertEquals(-1, Rtp.eventOf('x'));
    }
}
