package dialtone.hw.dect.link;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.hw.dect.DectCommand;
import dialtone.hw.dect.DectEvent;
import dialtone.hw.usb.DeviceLink;
import dialtone.hw.usb.UsbDevice;

/**
 * The threads of one driver on one dongle: a reader that turns the link's bytes into events, and a
 * writer that turns queued commands into bytes. Nothing here blocks its callers; every failure
 * becomes an event, never an exception out of the driver.
 */
public final class LinkPump {

    private static final Logger log = LoggerFactory.getLogger(LinkPump.class);
    private static final int RECEIVE_TIMEOUT_MS = 100;
    private static final DectCommand STOP = new DectCommand.Hello();

    private final String name;
    private final UsbDevice device;
    private final FrameProtocol protocol;
    private final BlockingQueue<DectCommand> outbox = new LinkedBlockingQueue<>();
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong errorsIn = new AtomicLong();
    private final AtomicLong framesOut = new AtomicLong();
    private volatile Consumer<DectEvent> sink = event -> {
    };
    private volatile boolean running;
    private volatile DeviceLink link;
    private Thread reader;
    private Thread writer;

    public LinkPump(String name, UsbDevice device, FrameProtocol protocol) {
        this.name = Objects.requireNonNull(name, "name");
        this.device = Objects.requireNonNull(device, "device");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    /** Starts the threads on the first call; every call sets where events go. */
    public synchronized void start(Consumer<DectEvent> events) {
        sink = Objects.requireNonNull(events, "events");
        if (running) {
            outbox.offer(new DectCommand.Hello());
            return;
        }
        running = true;
        reader = new Thread(this::read, name + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Queues a command; never blocks. */
    public void send(DectCommand command) {
        outbox.offer(Objects.requireNonNull(command, "command"));
    }

    /** Stops both threads and closes the link, waiting a bounded time for them. */
    public void stop() {
        Thread r;
        Thread w;
        synchronized (this) {
            running = false;
            r = reader;
            w = writer;
        }
        outbox.offer(STOP);
        DeviceLink l = link;
        if (l != null) {
            l.close();
        }
        join(r);
        join(w);
    }

    /** Frames in, errors in, frames out: for the shell. */
    public String counters() {
        return framesIn.get() + " frames in, " + errorsIn.get() + " bad, " + framesOut.get() + " out";
    }

    private void read() {
        DeviceLink opened;
        try {
            opened = device.open();
        } catch (IOException | RuntimeException e) {
            log.warn("{}: cannot open {}: {}", name, device.serial(), e.toString());
            running = false;
            sink.accept(new DectEvent.LinkLost("cannot open the dongle: " + e.getMessage()));
            return;
        }
        link = opened;
        synchronized (this) {
            if (!running) {
                opened.close();
                return;
            }
            writer = new Thread(this::write, name + "-writer");
            writer.setDaemon(true);
            writer.start();
        }
        outbox.offer(new DectCommand.Hello());
        FrameProtocol.Decoder decoder = protocol.decoder();
        byte[] buffer = new byte[1024];
        Consumer<DectEvent> events = event -> {
            framesIn.incrementAndGet();
            sink.accept(event);
        };
        Consumer<String> errors = error -> {
            errorsIn.incrementAndGet();
            log.warn("{}: from the dongle: {}", name, error);
            sink.accept(new DectEvent.Failure(error));
        };
        try {
            while (running) {
                int n = opened.receive(buffer, RECEIVE_TIMEOUT_MS);
                if (n > 0) {
                    decoder.feed(buffer, 0, n, events, errors);
                } else {
                    decoder.idle(events, errors);
                }
            }
        } catch (IOException e) {
            if (running) {
                lost("link closed: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            log.error("{}: reader failed", name, e);
            lost("reader failed: " + e);
        }
    }

    private void write() {
        try {
            while (running) {
                DectCommand command = outbox.take();
                if (command == STOP || !running) {
                    return;
                }
                byte[] bytes;
                try {
                    bytes = protocol.encode(command);
                } catch (IllegalArgumentException e) {
                    log.warn("{}: cannot send {}: {}", name, command, e.getMessage());
                    sink.accept(new DectEvent.Failure("cannot send " + command + ": " + e.getMessage()));
                    continue;
                }
                link.send(bytes, 0, bytes.length);
                framesOut.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (running) {
                lost("send failed: " + e.getMessage());
            }
        }
    }

    private void lost(String why) {
        running = false;
        log.info("{}: {}", name, why);
        sink.accept(new DectEvent.LinkLost(why));
        outbox.offer(STOP);
    }

    private static void join(Thread thread) {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
