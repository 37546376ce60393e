package dialtone.emu.fxs.internal;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.audio.dev.DeviceChannel;
import dialtone.core.call.CallerId;
import dialtone.emu.voice.VoiceClock;
import dialtone.hw.fxs.slic.FrameReader;
import dialtone.hw.fxs.slic.Slic;
import dialtone.hw.usb.DeviceLink;
import dialtone.hw.usb.UsbDevice;

/**
 * An FXS adapter in software: a USB device whose link carries the SLIC protocol's bytes, with a
 * phone on each line. Commands from the host are acted on as they arrive; events and the
 * mouthpieces' voice frames (every 20 ms, on the adapter's own clock thread) queue for the host.
 */
final class EmulatedAdapter implements UsbDevice {

    private static final Logger log = LoggerFactory.getLogger(EmulatedAdapter.class);

    private final int revision;
    private final String serial;
    private final Phone[] phones;
    private final long started = System.nanoTime();
    private final LinkedBlockingQueue<byte[]> toHost = new LinkedBlockingQueue<>();
    private volatile Link link;
    private final VoiceClock clock;

    EmulatedAdapter(int revision, int lines, String serial) {
        this.revision = revision;
        this.serial = serial;
        this.phones = new Phone[lines];
        for (int i = 0; i < lines; i++) {
            phones[i] = new Phone(i);
        }
        this.clock = new VoiceClock("emu-fxs-" + serial + "-pcm", this::tick);
    }

    Phone phone(int port) {
        return phones[port];
    }

    int lines() {
        return phones.length;
    }

    /** The adapter's clock in milliseconds since it was plugged. */
    long now() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    void start() {
        clock.start();
    }

    void stop() {
        clock.stop();
        Link open = link;
        if (open != null) {
            open.close();
        }
    }

    /** A tick of the PCM clock: each line with voice started sends one frame. */
    private void tick() {
        if (link == null) {
            return;
        }
        for (Phone phone : phones) {
            if (phone.alaw != null) {
                byte[] frame = new byte[Slic.HEADER + DeviceChannel.FRAME];
                Slic.header(frame, Slic.PCM_IN, phone.port, DeviceChannel.FRAME);
                phone.speak(frame, Slic.HEADER);
                toHost.add(frame);
            }
        }
    }

    // What the user does with a phone.

    void hook(int port, boolean offHook) {
        phones[port].offHook = offHook;
        if (offHook) {
            phones[port].bell = false;
        }
        byte[] payload = new byte[5];
        payload[0] = (byte) (offHook ? 1 : 0);
        Slic.time(payload, 1, now());
        toHost.add(Slic.frame(Slic.HOOK, port, payload));
    }

    void key(int port, char key) {
        byte[] payload = new byte[5];
        payload[0] = (byte) key;
        Slic.time(payload, 1, now());
        toHost.add(Slic.frame(Slic.DTMF, port, payload));
    }

    // What the host tells the adapter.

    private void command(int type, int port, byte[] payload, int length) {
        if (type == Slic.HELLO) {
            toHost.add(Slic.frame(Slic.INFO, Slic.ADAPTER, (byte) phones.length, (byte) 1, (byte) revision));
            for (Phone phone : phones) {
                byte[] hook = new byte[5];
                hook[0] = (byte) (phone.offHook ? 1 : 0);
                Slic.time(hook, 1, now());
                toHost.add(Slic.frame(Slic.HOOK, phone.port, hook));
            }
            return;
        }
        if (port >= phones.length) {
            toHost.add(Slic.frame(Slic.ERROR, Slic.ADAPTER, (byte) type, (byte) 1));
            return;
        }
        Phone phone = phones[port];
        switch (type) {
        case Slic.RING -> {
            boolean on = length > 0 && payload[0] != 0 && !phone.offHook;
            if (on && !phone.bell) {
                phone.rings++;
            }
            phone.bell = on;
        }
        case Slic.CALLER_ID -> {
            try {
                phone.callerId = Slic.mdmf(payload, 0, length);
                phone.rings = 0;
            } catch (IllegalArgumentException e) {
                toHost.add(Slic.frame(Slic.ERROR, port, (byte) type, (byte) 2));
            }
        }
        case Slic.VOICE_START -> {
            phone.alaw = length > 0 && payload[0] == Slic.LAW_ALAW;
            phone.voice.reset();
        }
        case Slic.VOICE_STOP -> phone.alaw = null;
        case Slic.PCM_OUT -> phone.hear(payload, 0, length);
        default -> toHost.add(Slic.frame(Slic.ERROR, port, (byte) type, (byte) 0));
        }
    }

    // The USB device.

    @Override
    public int vendorId() {
        return Slic.VENDOR;
    }

    @Override
    public int productId() {
        return Slic.PRODUCT;
    }

    @Override
    public int revision() {
        return revision;
    }

    @Override
    public String serial() {
        return serial;
    }

    @Override
    public synchronized DeviceLink open() throws IOException {
        if (clock == null) {
            throw new IOException("emulated adapter " + serial + " is unplugged");
        }
        if (link != null) {
            link.close();
        }
        toHost.clear();
        link = new Link();
        return link;
    }

    /** The bulk endpoints: bytes from the host are parsed as they come; bytes to it wait in a queue. */
    private final class Link implements DeviceLink {
        private final FrameReader reader = new FrameReader();
        private volatile boolean open = true;
        private byte[] rest;
        private int restOffset;

        @Override
        public void send(byte[] bytes, int offset, int length) throws IOException {
            if (!open) {
                throw new IOException("link closed");
            }
            synchronized (reader) {
                reader.feed(bytes, offset, length, EmulatedAdapter.this::command);
            }
        }

        @Override
        public int receive(byte[] buffer, int timeoutMillis) throws IOException {
            if (!open) {
                throw new IOException("link closed");
            }
            int n = 0;
            try {
                if (rest == null) {
                    rest = toHost.poll(timeoutMillis, TimeUnit.MILLISECONDS);
                    restOffset = 0;
                }
                while (rest != null && n < buffer.length) {
                    int count = Math.min(buffer.length - n, rest.length - restOffset);
                    System.arraycopy(rest, restOffset, buffer, n, count);
                    n += count;
                    restOffset += count;
                    if (restOffset == rest.length) {
                        rest = toHost.poll();
                        restOffset = 0;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (!open && n == 0) {
                throw new IOException("link closed");
            }
            return n;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                log.debug("emulated adapter {}: link closed", serial);
            }
            synchronized (EmulatedAdapter.this) {
                if (link == this) {
                    link = null;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "emulated FXS adapter " + serial + " rev " + revision + ", " + phones.length + " lines";
    }

    CallerId lastCallerId(int port) {
        return phones[port].callerId;
    }
}
