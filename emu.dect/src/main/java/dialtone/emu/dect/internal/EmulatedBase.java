package dialtone.emu.dect.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.audio.dev.DeviceChannel;
import dialtone.core.call.Codec;
import dialtone.core.call.Reason;
import dialtone.emu.dect.internal.EmulatedHandset.CallState;
import dialtone.hw.usb.DeviceLink;

/**
 * The firmware of an emulated base dongle, whatever its revision: its subscription table, its
 * radio channels, and what it does for each frame from the host and each handset action. A
 * revision subclass turns frames into these calls and these calls' answers into frames. Every
 * method runs under the emulator's lock.
 */
abstract class EmulatedBase {

    private static final Logger log = LoggerFactory.getLogger(EmulatedBase.class);

    final int revision;
    final int maxCalls;
    final int maxHandsets;
    final List<Codec> radio;
    final Object lock;
    private final Map<Integer, EmulatedHandset> world;
    /** Internal number to IPUI, as the dongle stores it. */
    private final Map<Integer, String> table = new TreeMap<>();
    private final BlockingQueue<byte[]> toHost = new LinkedBlockingQueue<>();
    private boolean registration;
    private Link link;
    private boolean gone;
    int errorsSeen;

    EmulatedBase(int revision, int maxCalls, int maxHandsets, List<Codec> radio, Object lock,
            Map<Integer, EmulatedHandset> world) {
        this.revision = revision;
        this.maxCalls = maxCalls;
        this.maxHandsets = maxHandsets;
        this.radio = radio;
        this.lock = lock;
        this.world = world;
    }

    // ---- the revision's framing ---------------------------------------------------------------

    /** Bytes from the host: decode and act on each frame. */
    abstract void fromHost(byte[] bytes, int offset, int length);

    /** A fresh link: forget any partial frame. */
    abstract void resetDecoder();

    abstract void sendInfo();

    abstract void sendSubscriptionRequest(String ipui, List<Codec> codecs);

    abstract void sendPresence(int number, boolean present);

    abstract void sendOffHook(int number);

    abstract void sendKeypad(int number, String digits);

    abstract void sendDial(int number, String digits);

    abstract void sendAlerting(int number);

    abstract void sendAnswer(int number, Codec codec);

    abstract void sendReleased(int number, Reason reason);

    abstract void sendError(int code, String text);

    /** 20 ms of a handset's voice to the host. */
    abstract void sendVoice(int number, byte[] frame);

    final void toHost(byte[] bytes) {
        toHost.offer(bytes);
    }

    // ---- what the host asks -------------------------------------------------------------------

    void registrationWindow(boolean open) {
        registration = open;
    }

    boolean registrationOpen() {
        return registration;
    }

    void store(int number, String ipui, String name) {
        if (number < 1 || number > maxHandsets) {
            sendError(3, "no handset " + number);
            return;
        }
        table.put(number, ipui);
        EmulatedHandset handset = byIpui(ipui);
        if (handset == null) {
            return;
        }
        handset.number = number;
        handset.name = name;
        if (handset.call == CallState.IDLE) {
            handset.display = name + "  " + number;
        }
        // A stored handset that is switched on answers the base at once, also when a restarted
        // driver stores it again.
        if (handset.powered) {
            sendPresence(number, true);
        }
    }

    void name(int number, String name) {
        EmulatedHandset handset = subscribed(number);
        if (handset != null) {
            handset.name = name;
            if (handset.call == CallState.IDLE) {
                handset.display = name + "  " + number;
            }
        }
    }

    void delete(int number) {
        String ipui = table.remove(number);
        EmulatedHandset handset = ipui == null ? null : byIpui(ipui);
        if (handset != null) {
            handset.number = 0;
            handset.name = "";
            handset.idle("not subscribed");
        }
    }

    void reject(String ipui) {
        EmulatedHandset handset = byIpui(ipui);
        if (handset != null) {
            handset.display = "subscription refused";
        }
    }

    void setup(int number, String caller, String name, List<Codec> codecs) {
        EmulatedHandset handset = subscribed(number);
        if (handset == null) {
            sendError(3, "no handset " + number);
            sendReleased(number, Reason.UNAVAILABLE);
            return;
        }
        if (!handset.powered) {
            return; // a switched-off handset never answers
        }
        if (handset.call != CallState.IDLE) {
            sendReleased(number, Reason.BUSY);
            return;
        }
        if (callsInProgress() >= maxCalls) {
            sendError(4, "no free channel");
            sendReleased(number, Reason.CONGESTION);
            return;
        }
        handset.call = CallState.RINGING;
        String shown = caller.isEmpty() ? "withheld" : caller; // no number: the caller withholds it
        handset.peer = name.isEmpty() ? shown : name + " " + shown;
        handset.offered = Codec.common(codecs, radio);
        handset.display = "call from " + handset.peer;
        sendAlerting(number);
    }

    void callerName(int number, String name) {
        EmulatedHandset handset = subscribed(number);
        if (handset != null && handset.call == CallState.RINGING) {
            handset.peer = name + " " + handset.peer;
            handset.display = "call from " + handset.peer;
        }
    }

    /** The far side rings; with {@code inband} the voice channel opens for what it plays meanwhile. */
    void alert(int number, Codec inband) {
        EmulatedHandset handset = subscribed(number);
        // A second ALERT, with early media that came after the ringing, opens the voice channel.
        if (handset != null && (handset.call == CallState.CALLING || handset.call == CallState.DIALING
                || handset.call == CallState.RINGBACK)) {
            handset.call = CallState.RINGBACK;
            handset.display = "ringing " + handset.peer;
            if (inband != null && handset.codec == null) {
                handset.codec = inband;
                handset.voice.newCall();
            }
        }
    }

    void connect(int number, Codec codec) {
        EmulatedHandset handset = subscribed(number);
        if (handset != null && (handset.call == CallState.DIALING || handset.call == CallState.CALLING
                || handset.call == CallState.RINGBACK)) {
            // After overlap dialling the handset learns only from the base that the number was complete.
            handset.connected(codec);
        }
    }

    /** 20 ms of voice from the host for a handset; dropped unless its voice channel is open, as on air. */
    void voice(int number, byte[] frame) {
        EmulatedHandset handset = subscribed(number);
        if (handset != null && handset.voiceOpen() && frame != null) {
            handset.voice.hear(frame, 0, frame.length, handset.codec == Codec.PCMA);
        }
    }

    /** The voice clock's tick: every handset whose voice channel is open sends its next 20 ms. */
    void voiceTick() {
        if (link == null || link.closed) {
            return;
        }
        for (EmulatedHandset handset : world.values()) {
            if (handset.number != 0 && handset.voiceOpen()) {
                byte[] frame = new byte[DeviceChannel.FRAME];
                handset.voice.speak(frame, 0, handset.codec == Codec.PCMA);
                sendVoice(handset.number, frame);
            }
        }
    }

    void release(int number, Reason reason) {
        EmulatedHandset handset = subscribed(number);
        if (handset != null && handset.call != CallState.IDLE) {
            handset.idle(reason.description());
        }
    }

    void display(int number, String text) {
        EmulatedHandset handset = subscribed(number);
        if (handset != null) {
            handset.display = text;
        }
    }

    void page(boolean on) {
        for (EmulatedHandset handset : world.values()) {
            if (handset.number != 0 && handset.powered) {
                handset.paging = on;
            }
        }
    }

    // ---- what the handsets do -----------------------------------------------------------------

    String act(EmulatedHandset handset, String action, String digits) {
        if (action.equals("on") || action.equals("off")) {
            return power(handset, action.equals("on"));
        }
        if (action.equals("signal") || action.equals("quiet")) {
            handset.voice.signal(action.equals("signal"));
            return handset.describe();
        }
        if (!handset.powered) {
            return "hs " + handset.slot + " is switched off";
        }
        if (action.equals("subscribe")) {
            if (!registration) {
                handset.display = "no base in registration";
                return handset.describe();
            }
            handset.display = "subscribing";
            sendSubscriptionRequest(handset.ipui, handset.codecs);
            return handset.describe();
        }
        if (handset.number == 0) {
            return "hs " + handset.slot + " is not subscribed to this base";
        }
        handset.paging = false;
        int number = handset.number;
        switch (action) {
            case "offhook" -> {
                if (handset.call == CallState.RINGING) {
                    answer(handset);
                } else if (handset.call == CallState.IDLE) {
                    handset.call = CallState.DIALING;
                    handset.peer = "";
                    handset.display = "dial";
                    sendOffHook(number);
                }
            }
            case "answer" -> {
                if (handset.call != CallState.RINGING) {
                    return "hs " + handset.slot + " is not ringing";
                }
                answer(handset);
            }
            case "onhook" -> {
                if (handset.call != CallState.IDLE) {
                    Reason reason = handset.call == CallState.RINGING ? Reason.REJECTED : Reason.NORMAL;
                    handset.idle(handset.name + "  " + number);
                    sendReleased(number, reason);
                }
            }
            case "dial" -> {
                if (digits == null || !digits.matches("[0-9*#]+")) {
                    throw new IllegalArgumentException("dial takes digits 0-9, * and #");
                }
                if (handset.call == CallState.IDLE) {
                    handset.call = CallState.CALLING;
                    handset.peer = digits.replaceFirst("#$", ""); // '#' only ends the number
                    handset.display = "dialling " + handset.peer;
                    sendDial(number, digits);
                } else if (handset.call == CallState.DIALING) {
                    handset.peer = handset.peer + digits;
                    if (digits.contains("#")) {
                        handset.call = CallState.CALLING;
                        handset.peer = handset.peer.substring(0, handset.peer.indexOf('#'));
                    }
                    handset.display = "dial " + handset.peer;
                    sendKeypad(number, digits);
                } else if (handset.call == CallState.CONNECTED) {
                    sendKeypad(number, digits);
                } else {
                    return "hs " + handset.slot + " cannot dial now (" + handset.call.name().toLowerCase() + ")";
                }
            }
            default -> throw new IllegalArgumentException(
                    "unknown action '" + action + "'; say offhook, onhook, dial DIGITS, answer, signal, quiet, off, on"
                            + " or subscribe");
        }
        return handset.describe();
    }

    private void answer(EmulatedHandset handset) {
        Codec codec = handset.pick();
        if (codec == null) {
            handset.idle("no common codec");
            sendReleased(handset.number, Reason.INCOMPATIBLE_MEDIA);
            return;
        }
        handset.connected(codec);
        sendAnswer(handset.number, codec);
    }

    private String power(EmulatedHandset handset, boolean on) {
        if (handset.powered == on) {
            return handset.describe();
        }
        handset.powered = on;
        handset.paging = false;
        if (!on) {
            handset.idle("");
        } else {
            handset.display = handset.number == 0 ? "searching base" : handset.name + "  " + handset.number;
        }
        if (handset.number != 0) {
            sendPresence(handset.number, on);
        }
        return handset.describe();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private EmulatedHandset subscribed(int number) {
        String ipui = table.get(number);
        return ipui == null ? null : byIpui(ipui);
    }

    private EmulatedHandset byIpui(String ipui) {
        for (EmulatedHandset handset : world.values()) {
            if (handset.ipui.equals(ipui)) {
                return handset;
            }
        }
        return null;
    }

    private int callsInProgress() {
        int count = 0;
        for (EmulatedHandset handset : world.values()) {
            if (handset.number != 0 && handset.call != CallState.IDLE) {
                count++;
            }
        }
        return count;
    }

    /** The base was unplugged: handsets lose it, the link fails. */
    void unplugged() {
        gone = true;
        for (EmulatedHandset handset : world.values()) {
            handset.number = 0;
            handset.paging = false;
            handset.idle("searching base");
        }
        if (link != null) {
            link.closed = true;
        }
    }

    /** Opens the dongle's byte link; a new one replaces the old (a driver restarted). */
    DeviceLink open() throws IOException {
        synchronized (lock) {
            if (gone) {
                throw new IOException("device unplugged");
            }
            if (link != null) {
                link.closed = true;
            }
            toHost.clear();
            resetDecoder();
            link = new Link();
            return link;
        }
    }

    String status() {
        return "revision " + revision + ", " + table.size() + " handsets stored, " + callsInProgress() + " of "
                + maxCalls + " calls" + (registration ? ", registration open" : "")
                + (errorsSeen > 0 ? ", " + errorsSeen + " bad frames from the host" : "");
    }

    /** The dongle's end of the USB bulk pipes. */
    private final class Link implements DeviceLink {

        private volatile boolean closed;
        private byte[] rest;
        private int restAt;

        @Override
        public void send(byte[] bytes, int offset, int length) throws IOException {
            synchronized (lock) {
                if (closed) {
                    throw new IOException("device unplugged");
                }
                fromHost(bytes, offset, length);
            }
        }

        @Override
        public int receive(byte[] buffer, int timeoutMillis) throws IOException {
            if (closed) {
                throw new IOException("device unplugged");
            }
            byte[] chunk = rest;
            int at = restAt;
            rest = null;
            if (chunk == null) {
                try {
                    chunk = toHost.poll(timeoutMillis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
                at = 0;
                if (closed) {
                    throw new IOException("device unplugged");
                }
                if (chunk == null) {
                    return 0;
                }
            }
            int n = Math.min(buffer.length, chunk.length - at);
            System.arraycopy(chunk, at, buffer, 0, n);
            if (at + n < chunk.length) {
                rest = chunk;
                restAt = at + n;
            }
            return n;
        }

        @Override
        public void close() {
            closed = true;
            log.debug("emulated dect link closed");
        }
    }
}
