package dialtone.emu.dect.internal;

import java.util.List;

import dialtone.core.call.Codec;
import dialtone.emu.voice.EmulatedVoice;

/** A cordless handset in the emulated world: it outlives any base plugged in. Guarded by the emulator's lock. */
final class EmulatedHandset {

    /** What the handset is doing, as its user sees it. */
    enum CallState {
        IDLE, DIALING, CALLING, RINGBACK, RINGING, CONNECTED
    }

    final int slot;
    final String ipui;
    final List<Codec> codecs;
    boolean powered = true;
    /** Its internal number on the plugged base; 0 when not subscribed there. */
    int number;
    String name = "";
    String display = "searching base";
    CallState call = CallState.IDLE;
    String peer = "";
    List<Codec> offered = List.of();
    Codec codec;
    boolean paging;
    /** Its earpiece and mouthpiece: voice flows while a call is connected. */
    final EmulatedVoice voice = new EmulatedVoice();

    EmulatedHandset(int slot, List<Codec> codecs) {
        this.slot = slot;
        this.ipui = String.format("2DEC7%05X", slot);
        this.codecs = List.copyOf(codecs);
    }

    /** The codec it picks from what was offered: its own preference first. */
    Codec pick() {
        List<Codec> common = Codec.common(codecs, offered);
        return common.isEmpty() ? null : common.get(0);
    }

    /** The call is connected in {@code chosen}: voice starts (or goes on after early media). */
    void connected(Codec chosen) {
        if (!voiceOpen()) {
            voice.newCall();
        }
        call = CallState.CONNECTED;
        codec = chosen;
        display = "connected " + peer;
    }

    /** Voice flows: the call is connected, or the far side plays early media while it rings. */
    boolean voiceOpen() {
        return codec != null && (call == CallState.CONNECTED || call == CallState.RINGBACK);
    }

    void idle(String text) {
        call = CallState.IDLE;
        peer = "";
        offered = List.of();
        codec = null;
        display = text;
    }

    String describe() {
        StringBuilder line = new StringBuilder();
        line.append("hs ").append(slot).append(" ipui ").append(ipui).append(powered ? " on" : " off");
        line.append(number == 0 ? "  not subscribed" : "  #" + number + " '" + name + "'");
        line.append("  display '").append(display).append("'");
        line.append("  ringing ").append(call == CallState.RINGING || paging ? "yes" : "no");
        if (paging) {
            line.append(" (paged)");
        }
        line.append("  call ").append(call.name().toLowerCase());
        if (!peer.isEmpty()) {
            line.append(' ').append(peer);
        }
        if (codec != null) {
            line.append(' ').append(codec);
        }
        line.append("  codecs ").append(codecs);
        if (voiceOpen()) {
            line.append("  hears ").append(voice.hears());
        }
        String counters = voice.signalCounters();
        if (!counters.isEmpty()) {
            line.append("  ").append(counters);
        }
        return line.toString();
    }
}
