package dialtone.emu.fxs.internal;

import dialtone.audio.dev.DeviceChannel;
import dialtone.audio.dev.G711;
import dialtone.core.call.CallerId;

/**
 * The analog phone on one line of the emulated adapter: its hook, its bell and caller id display,
 * its earpiece (what it hears) and its mouthpiece (silence, or a test signal whose frames carry
 * their number so an echo can be checked byte for byte).
 */
final class Phone {

    final int port;
    volatile boolean offHook;
    volatile boolean bell;
    volatile int rings;
    volatile CallerId callerId;
    /** The law of the voice channel, null while stopped. */
    volatile Boolean alaw;
    volatile boolean signal;
    final Ear ear = new Ear();
    private int sent;
    private volatile long echoed;
    private volatile long heardFrames;

    Phone(int port) {
        this.port = port;
    }

    /** The next 20 ms the mouthpiece picks up. */
    synchronized void speak(byte[] frame, int offset) {
        boolean a = Boolean.TRUE.equals(alaw);
        if (!signal) {
            java.util.Arrays.fill(frame, offset, offset + DeviceChannel.FRAME, G711.silence(a));
            return;
        }
        pattern(sent++ & 0xFFFF, frame, offset);
    }

    /** A frame the earpiece gets; a frame of the test signal (its own echoed, or another phone's) heard intact is counted. */
    void hear(byte[] frame, int offset, int length) {
        heardFrames++;
        ear.hear(frame, offset, length, Boolean.TRUE.equals(alaw));
        if (length == DeviceChannel.FRAME) {
            int number = ((frame[offset] & 0xFF) << 8) | (frame[offset + 1] & 0xFF);
            byte[] expected = new byte[DeviceChannel.FRAME];
            pattern(number, expected, 0);
            if (java.util.Arrays.equals(expected, 0, expected.length, frame, offset, offset + length)) {
                echoed++;
            }
        }
    }

    /** Test signal frame {@code number}: the number, then bytes of a 16-bit LFSR seeded by it. */
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

    synchronized int signalFramesSent() {
        return sent;
    }

    long echoed() {
        return echoed;
    }

    String describe() {
        StringBuilder line = new StringBuilder("port ").append(port + 1).append(": ")
                .append(offHook ? "off-hook" : "on-hook");
        if (bell) {
            line.append(", bell ringing");
        }
        line.append(", rings ").append(rings);
        if (callerId != null && callerId.number().isEmpty()) {
            line.append(", caller id withheld").append(callerId.name().isEmpty() ? "" : " (" + callerId.name() + ")");
        } else if (callerId != null) {
            line.append(", caller id ").append(callerId);
        }
        if (alaw == null) {
            line.append(", no voice channel");
        } else {
            line.append(", voice ").append(alaw ? "A-law" : "µ-law").append(", hears ").append(ear.describe());
        }
        if (signal || signalFramesSent() > 0 || echoed > 0) {
            line.append(", test signal ").append(signal ? "on" : "off").append(": sent ").append(signalFramesSent())
                    .append(", heard ").append(echoed).append(" intact");
        }
        return line.toString();
    }
}
