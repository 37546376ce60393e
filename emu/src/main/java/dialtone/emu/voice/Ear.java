package dialtone.emu.voice;

import dialtone.audio.dev.G711;

/**
 * What a phone's earpiece hears, told from the frames it gets: silence, a tone (which frequencies,
 * what cadence, and the usual name for it) or voice. It keeps the last three seconds of frames.
 */
public final class Ear {

    // 450 Hz is left out: one 20 ms frame cannot tell it from 440 Hz, which the dial tones use.
    private static final int[] FREQUENCIES = { 350, 400, 425, 440, 480, 620, 697, 770, 852, 941, 1004, 1209,
            1336, 1477, 1633 };
    private static final int HISTORY = 150;
    private static final int SILENT = 0;
    private static final int VOICE = 1;

    /** Per frame of the history: SILENT, VOICE, or a tone as f1 * 10000 + f2. */
    private final int[] history = new int[HISTORY];
    private int frames;

    /** The frame before, so each frame is judged over 40 ms: enough to tell 440 Hz from 480 Hz. */
    private final byte[] window = new byte[2 * 160];

    public synchronized void hear(byte[] frame, int offset, int length, boolean alaw) {
        int n = Math.min(length, 160);
        System.arraycopy(window, 160, window, 0, 160);
        System.arraycopy(frame, offset, window, 160, n);
        history[frames % HISTORY] = frames == 0 ? classify(window, 160, n, alaw) : classify(window, 0, 160 + n, alaw);
        frames++;
    }

    public synchronized void reset() {
        frames = 0;
        java.util.Arrays.fill(window, (byte) 0xFF);
    }

    /**
     * Classifies the newest 20 ms: silent by its own energy; otherwise its frequencies are read over
     * the whole window given (40 ms), two only when they lie 30 Hz or more apart.
     */
    static int classify(byte[] frame, int offset, int length, boolean alaw) {
        double[] samples = new double[length];
        double energy = 0;
        double newest = 0;
        for (int i = 0; i < length; i++) {
            samples[i] = G711.decode(alaw, frame[offset + i]);
            energy += samples[i] * samples[i];
            if (i >= length - 160) {
                newest += samples[i] * samples[i];
            }
        }
        if (newest / Math.min(160, length) < 100 * 100) {
            return SILENT;
        }
        if (energy - newest < 100 * 100 * (length - 160) && length > 160) {
            // The frame before was quiet: a tone that starts now is read from this frame alone.
            return classify(frame, offset + length - 160, 160, alaw);
        }
        double[] power = new double[FREQUENCIES.length];
        int best = 0;
        for (int f = 0; f < FREQUENCIES.length; f++) {
            power[f] = goertzel(samples, FREQUENCIES[f]) / (length / 2.0 * energy);
            if (power[f] > power[best]) {
                best = f;
            }
        }
        int second = -1;
        for (int f = 0; f < FREQUENCIES.length; f++) {
            if (Math.abs(FREQUENCIES[f] - FREQUENCIES[best]) >= 30 && (second < 0 || power[f] > power[second])) {
                second = f;
            }
        }
        if (power[best] > 0.8) {
            return FREQUENCIES[best] * 10000;
        }
        if (second >= 0 && power[best] + power[second] > 0.7 && power[second] > 0.2) {
            int low = Math.min(FREQUENCIES[best], FREQUENCIES[second]);
            int high = Math.max(FREQUENCIES[best], FREQUENCIES[second]);
            return low * 10000 + high;
        }
        return VOICE;
    }

    private static double goertzel(double[] samples, double frequency) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / 8000);
        double s1 = 0;
        double s2 = 0;
        for (double sample : samples) {
            double s = sample + coefficient * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    }

    /** One line on what was heard lately, such as {@code busy tone (480+620 Hz, 500/500 ms)}. */
    public synchronized String describe() {
        int count = Math.min(frames, HISTORY);
        if (count == 0) {
            return "nothing";
        }
        int toneCode = 0;
        int voice = 0;
        for (int i = 0; i < count; i++) {
            int code = history[(frames - 1 - i) % HISTORY];
            if (code == VOICE) {
                voice++;
            } else if (code != SILENT && toneCode == 0) {
                toneCode = code;
            }
        }
        if (voice > count / 4) {
            return "voice";
        }
        if (toneCode == 0) {
            return "silence";
        }
        int f1 = toneCode / 10000;
        int f2 = toneCode % 10000;
        // Runs of tone and of silence, newest first; the newest is still going and the oldest may be
        // cut by the history, so the cadence is read from the complete ones between.
        java.util.List<int[]> runs = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            int tone = isTone(i) ? 1 : 0;
            if (runs.isEmpty() || runs.get(runs.size() - 1)[0] != tone) {
                runs.add(new int[] { tone, 0 });
            }
            runs.get(runs.size() - 1)[1]++;
        }
        int on = 0;
        int off = 0;
        if (runs.size() <= 2) {
            if (runs.get(0)[0] == 1) {
                on = runs.get(0)[1];
            } else {
                // Quiet now after a tone: not steady, the pause so far is at least this long.
                off = runs.get(0)[1];
                on = runs.size() > 1 ? runs.get(1)[1] : 0;
            }
        } else {
            for (int[] run : runs.subList(1, runs.size() - 1)) {
                if (run[0] == 1 && on == 0) {
                    on = run[1];
                } else if (run[0] == 0 && off == 0) {
                    off = run[1];
                }
            }
            if (on == 0) {
                on = runs.get(0)[0] == 1 ? runs.get(0)[1] : runs.get(runs.size() - 1)[1];
            }
            if (off == 0 && runs.get(0)[0] == 0) {
                off = runs.get(0)[1];
            }
        }
        String frequencies = f2 == 0 ? f1 + " Hz" : f1 + "+" + f2 + " Hz";
        String cadence = off == 0 ? "steady" : on * 20 + "/" + off * 20 + " ms";
        return name(f1, f2, on * 20, off * 20) + " (" + frequencies + ", " + cadence + ")";
    }

    private boolean isTone(int back) {
        int code = history[(frames - 1 - back) % HISTORY];
        return code != SILENT && code != VOICE;
    }

    /** The usual name: by the frequencies where they say it, by the cadence where they do not. */
    private static String name(int f1, int f2, int on, int off) {
        if (f1 >= 697 && f1 <= 941 && f2 >= 1209) {
            return "DTMF " + "123A456B789C*0#D".charAt(index(f1, 697, 770, 852, 941) * 4
                    + index(f2, 1209, 1336, 1477, 1633));
        }
        if (f1 == 1004) {
            return "test tone";
        }
        if ((f1 == 440 && f2 == 480) || (f1 == 400 && f2 == 440)) {
            return "ringback";
        }
        if (f1 == 350 && f2 == 440) {
            return "dial tone";
        }
        if (f1 == 480 && f2 == 620) {
            return off > 0 && on <= 300 ? "congestion" : "busy tone";
        }
        if (off == 0) {
            return "dial tone";
        }
        if (on >= 900) {
            return "ringback";
        }
        if (off >= 2500) {
            return "call waiting";
        }
        return on <= 300 ? "congestion" : "busy tone";
    }

    private static int index(int f, int... of) {
        for (int i = 0; i < of.length; i++) {
            if (of[i] == f) {
                return i;
            }
        }
        return 0;
    }
}
