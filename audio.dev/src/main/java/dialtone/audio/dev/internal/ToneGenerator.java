package dialtone.audio.dev.internal;

import dialtone.audio.dev.G711;

/**
 * Generates a tone as G.711 frames: one or two sines with a cadence. Voice thread only; it keeps
 * its phase between frames and allocates nothing.
 */
final class ToneGenerator {

    private static final double RATE = 8000;
    /** About -10 dBm0 per frequency: clearly heard, far from clipping when two add up. */
    private static final double LEVEL = 7000;
    private static final int[] STEADY = new int[0];

    private double step1;
    private double step2;
    private double phase1;
    private double phase2;
    private int[] cadence = STEADY;
    private int segment;
    private int samplesLeft;
    private boolean active;

    /** Starts a tone from its beginning; f2 is 0 for a single frequency. */
    void start(int f1, int f2, int[] newCadence) {
        step1 = 2 * Math.PI * f1 / RATE;
        step2 = 2 * Math.PI * f2 / RATE;
        phase1 = 0;
        phase2 = 0;
        cadence = newCadence == null ? STEADY : newCadence;
        segment = 0;
        samplesLeft = cadence.length == 0 ? 0 : cadence[0] * 8;
        active = true;
    }

    void stop() {
        active = false;
    }

    boolean active() {
        return active;
    }

    /** Fills one frame of {@code length} samples. */
    void fill(byte[] frame, int length, boolean alaw) {
        byte silence = G711.silence(alaw);
        for (int i = 0; i < length; i++) {
            boolean on = true;
            if (cadence.length > 0) {
                if (samplesLeft == 0) {
                    segment = (segment + 1) % cadence.length;
                    samplesLeft = cadence[segment] * 8;
                }
                samplesLeft--;
                on = (segment & 1) == 0;
            }
            if (on) {
                double sample = LEVEL * Math.sin(phase1);
                if (step2 != 0) {
                    sample += LEVEL * Math.sin(phase2);
                }
                frame[i] = G711.encode(alaw, (int) sample);
            } else {
                frame[i] = silence;
            }
            phase1 += step1;
            phase2 += step2;
            if (phase1 > 2 * Math.PI) {
                phase1 -= 2 * Math.PI;
            }
            if (phase2 > 2 * Math.PI) {
                phase2 -= 2 * Math.PI;
            }
        }
    }

    /** The two frequencies of a DTMF key (0-9, *, #, A-D), low first; null for anything else. */
    static int[] dtmf(char key) {
        String keys = "123A456B789C*0#D";
        int index = keys.indexOf(Character.toUpperCase(key));
        if (index < 0) {
            return null;
        }
        return DTMF[index];
    }

    private static final int[] LOW = { 697, 770, 852, 941 };
    private static final int[] HIGH = { 1209, 1336, 1477, 1633 };
    private static final int[][] DTMF = new int[16][];

    static {
        for (int i = 0; i < 16; i++) {
            DTMF[i] = new int[] { LOW[i / 4], HIGH[i % 4] };
        }
    }
}
