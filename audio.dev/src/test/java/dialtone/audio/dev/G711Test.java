package dialtone.audio.dev;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class G711Test {

    @Test
    public void everyAlawByteSurvivesDecodeAndEncode() {
        for (int b = 0; b < 256; b++) {
            assertEquals("A-law " + b, (byte) b, G711.encode(true, G711.decode(true, (byte) b)));
        }
    }

    @Test
    public void everyUlawByteSurvivesDecodeAndEncodeButNegativeZero() {
        for (int b = 0; b < 256; b++) {
            if (b == 0x7F) {
                continue; // -0 and +0 decode alike; +0 is the one encoded
            }
            assertEquals("µ-law " + b, (byte) b, G711.encode(false, G711.decode(false, (byte) b)));
        }
    }

    @Test
    public void silenceDecodesToZeroAndLoudStaysLoud() {
        assertEquals(0, G711.decode(false, G711.ULAW_SILENCE));
        assertTrue(Math.abs(G711.decode(true, G711.ALAW_SILENCE)) <= 8);
        assertTrue(G711.decode(false, G711.encode(false, 30000)) > 28000);
        assertTrue(G711.decode(true, G711.encode(true, -30000)) < -28000);
        int error = Math.abs(G711.decode(false, G711.encode(false, 1000)) - 1000);
        assertTrue("quantisation error " + error, error < 40);
    }
}
