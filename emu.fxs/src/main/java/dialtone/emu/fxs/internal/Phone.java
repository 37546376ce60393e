package dialtone.emu.fxs.internal;

import dialtone.core.call.CallerId;
import dialtone.emu.voice.EmulatedVoice;

/**
 * The analog phone on one line of the emulated adapter: its hook, its bell and caller id display,
 * and its voice (what its earpiece hears, and the test signal its mouthpiece may send).
 */
final class Phone {

    final int port;
    volatile boolean offHook;
    volatile boolean bell;
    volatile int rings;
    volatile CallerId callerId;
    /** The law of the voice channel, null while stopped. */
    volatile Boolean alaw;
    final EmulatedVoice voice = new EmulatedVoice();

    Phone(int port) {
        this.port = port;
    }

    /** The next 20 ms the mouthpiece picks up. */
    void speak(byte[] frame, int offset) {
        voice.speak(frame, offset, Boolean.TRUE.equals(alaw));
    }

    /** A frame the earpiece gets. */
    void hear(byte[] frame, int offset, int length) {
        voice.hear(frame, offset, length, Boolean.TRUE.equals(alaw));
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
            line.append(", voice ").append(alaw ? "A-law" : "µ-law").append(", hears ").append(voice.hears());
        }
        String counters = voice.signalCounters();
        if (!counters.isEmpty()) {
            line.append(", ").append(counters);
        }
        return line.toString();
    }
}
