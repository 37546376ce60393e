package dialtone.emu.voice;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import dialtone.audio.dev.G711;

public class EarTest {

    private final Ear ear = new Ear();
    private long sample;

    /** Plays {@code millis} of f1+f2 (0 for none) or, with both 0, silence. */
    private void play(int f1, int f2, int millis) {
        for (int frame = 0; frame < millis / 20; frame++) {
            byte[] bytes = new byte[160];
            for (int i = 0; i < 160; i++, sample++) {
                double t = sample / 8000.0;
                double value = (f1 == 0 ? 0 : 7000 * Math.sin(2 * Math.PI * f1 * t))
                        + (f2 == 0 ? 0 : 7000 * Math.sin(2 * Math.PI * f2 * t));
                bytes[i] = G711.encode(false, (int) value);
            }
            ear.hear(bytes, 0, 160, false);
        }
    }

    @Test
    public void aSteadyPairIsDialTone() {
        play(350, 440, 1000);
        assertEquals("dial tone (350+440 Hz, steady)", ear.describe());
    }

    @Test
    public void halfSecondBeatsAreBusyAndQuarterSecondOnesCongestion() {
        for (int i = 0; i < 4; i++) {
            play(480, 620, 500);
            play(0, 0, 500);
        }
        assertEquals("busy tone (480+620 Hz, 500/500 ms)", ear.describe());
        for (int i = 0; i < 8; i++) {
            play(480, 620, 240);
            play(0, 0, 240);
        }
        assertEquals("congestion (480+620 Hz, 240/240 ms)", ear.describe());
    }

    @Test
    public void usRingbackIsToldFromTheDialToneItsFrequenciesAreCloseTo() {
        play(440, 480, 1000);
        assertEquals("ringback (440+480 Hz, steady)", ear.describe());
        play(440, 480, 1000);
        play(0, 0, 1000);
        assertEquals("ringback (440+480 Hz, 2000/1000 ms)", ear.describe());
    }

    @Test
    public void aSingleFrequencyIsNamedByItsCadence() {
        for (int i = 0; i < 3; i++) {
            play(425, 0, 1000);
            play(0, 0, 4000);
        }
        play(425, 0, 1000);
        play(0, 0, 1000);
        assertEquals("ringback (425 Hz, 1000/1000 ms)", ear.describe());
    }

    @Test
    public void aKeyIsHeardAsItsPairAndSilenceAsSilence() {
        play(770, 1336, 200);
        assertEquals("DTMF 5 (770+1336 Hz, steady)", ear.describe());
        play(0, 0, 3000);
        assertEquals("silence", ear.describe());
    }

    @Test
    public void theTestSignalIsVoiceNotATone() {
        for (int n = 0; n < 50; n++) {
            byte[] frame = new byte[160];
            EmulatedVoice.pattern(n, frame, 0);
            ear.hear(frame, 0, 160, false);
        }
        assertEquals("voice", ear.describe());
    }
}
