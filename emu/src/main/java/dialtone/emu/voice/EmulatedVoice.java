package dialtone.emu.voice;

import java.util.Arrays;

import dialtone.audio.dev.DeviceChannel;
import dialtone.audio.dev.G711;

/**
 * The mouthpiece and earpiece of an emulated phone or handset. The mouthpiece sends silence or a
 * test signal whose frames carry their number, so that a frame heard back (its own echoed, or
 * another emulated phone's) can be checked byte for byte; the earpiece tells what it hears.
 * {@link #speak} and {@link #hear} are called by one emulator thread each; the rest by the shell.
 */
public final class EmulatedVoice {

    private final Ear ear = new Ear();
    private final byte[] expected = new byte[DeviceChannel.FRAME];
    private volatile boolean signal;
    private volatile int sent;
    private volatile long intact;

    /** Starts or stops the test signal. */
    public void signal(boolean on) {
        signal = on;
    }

    public boolean signal() {
        return signal;
    }

    /** The next 20 ms the mouthpiece picks up: silence in the given law, or the next test frame. */
    public synchronized void speak(byte[] frame, int offset, boolean alaw) {
        if (!signal) {
            Arrays.fill(frame, offset, offset + DeviceChannel.FRAME, G711.silence(alaw));
            return;
        }
        pattern(sent & 0xFFFF, frame, offset);
        sent++;
    }

    /** A frame for the earpiece; a test-signal frame heard intact is counted. */
    public void hear(byte[] frame, int offset, int length, boolean alaw) {
        ear.hear(frame, offset, length, alaw);
        if (length == DeviceChannel.FRAME) {
            synchronized (expected) {
                pattern(((frame[offset] & 0xFF) << 8) | (frame[offset + 1] & 0xFF), expected, 0);
                if (Arrays.equals(expected, 0, expected.length, frame, offset, offset + length)) {
                    intact++;
                }
            }
        }
    }

    /** A new voice channel: the earpiece forgets what it heard. */
    public void reset() {
        ear.reset();
    }

    /** A new call: the earpiece forgets what it heard, and the test signal's counts start from 0. */
    public synchronized void newCall() {
        ear.reset();
        sent = 0;
        intact = 0;
    }

    public int sent() {
        return sent;
    }

    public long intact() {
        return intact;
    }

    /** What the earpiece hears, as {@link Ear#describe()} says it. */
    public String hears() {
        return ear.describe();
    }

    /** The test signal's counters, or an empty string while it was never used. */
    public String signalCounters() {
        if (!signal && sent == 0 && intact == 0) {
            return "";
        }
        return "test signal " + (signal ? "on" : "off") + ": sent " + sent + ", heard " + intact + " intact";
    }

    /** Test-signal frame {@code number}: the number, then bytes of a 16-bit LFSR seeded by it. */
    static void pattern(int number, byte[] frame, int offset) {
        frame[offset] = (byte) (number >> 8);
        frame[offset + 1] = (byte) number;
        int lfsr = (number * 40503 + 1) & 0xFFFF;
        if (lfsr == 0) {
            lfsr = 0xACE1;
        }
        for (int i = 2; i < DeviceChannel.FRAME; i++) {
            int bit = ((lfsr >> 0) ^ (lfsr >> 2) ^ (lfsr >> 3) ^ (lfsr >> 5)) & 1;
            lfsr = (lfsr >> 1) | (bit << 15);
            frame[offset + i] = (byte) lfsr;
        }
    }
}
