package dialtone.emu.voice;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class EmulatedVoiceTest {

    private final EmulatedVoice mouth = new EmulatedVoice();
    private final EmulatedVoice ear = new EmulatedVoice();
    private final byte[] frame = new byte[160];

    @Test
    public void withoutTheSignalTheMouthpieceSendsSilenceInTheLaw() {
        mouth.speak(frame, 0, true);
        for (byte b : frame) {
            assertEquals((byte) 0xD5, b);
        }
        mouth.speak(frame, 0, false);
        for (byte b : frame) {
            assertEquals((byte) 0xFF, b);
        }
        assertEquals(0, mouth.sent());
        assertEquals("", mouth.signalCounters());
    }

    @Test
    public void signalFramesHeardUnchangedAreCountedAndDamagedOnesAreNot() {
        mouth.signal(true);
        for (int n = 0; n < 10; n++) {
            mouth.speak(frame, 0, false);
            if (n == 3) {
                frame[100] ^= 1; // one bit lost on the way
            }
            ear.hear(frame, 0, frame.length, false);
        }
        assertEquals(10, mouth.sent());
        assertEquals(9, ear.intact());
        assertTrue(mouth.signalCounters(), mouth.signalCounters().equals("test signal on: sent 10, heard 0 intact"));
        assertEquals("voice", ear.hears());
    }

    @Test
    public void aNewCallCountsFromNothing() {
        mouth.signal(true);
        mouth.speak(frame, 0, false);
        mouth.hear(frame, 0, frame.length, false);
        mouth.newCall();
        assertEquals("test signal on: sent 0, heard 0 intact", mouth.signalCounters());
        assertEquals("nothing heard yet", "nothing", mouth.hears());
    }

    @Test
    public void silenceIsNeverTakenForTheSignal() {
        mouth.speak(frame, 0, false);
        ear.hear(frame, 0, frame.length, false);
        assertEquals(0, ear.intact());
    }
}
