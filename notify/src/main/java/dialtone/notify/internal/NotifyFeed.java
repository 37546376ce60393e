package dialtone.notify.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.notify.NotifyEvents;

/**
 * Listens to every Dialtone event on the Event Admin and sends it to the feeds' clients and to
 * the shell's {@code notify:tail}. The TCP feeds run only when configuration switches them on.
 */
@Component(service = { EventHandler.class, NotifyFeed.class }, immediate = true,
        configurationPid = NotifyFeed.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = EventConstants.EVENT_TOPIC + "=" + NotifyEvents.ALL)
@Designate(ocd = NotifyFeed.Config.class)
public final class NotifyFeed implements EventHandler {

    static final String PID = "dialtone.notify";

    /** Events a tail may have waiting before it misses some. */
    static final int TAIL_BUFFER = 1024;

    private static final Logger log = LoggerFactory.getLogger(NotifyFeed.class);

    @ObjectClassDefinition(name = "Dialtone notify", description = "The call-monitor and JSON lines TCP feeds.")
    public @interface Config {
        @AttributeDefinition(name = "Call-monitor feed on", description = "Serve the call-monitor line format.")
        boolean callmonitor_enabled() default false;

        @AttributeDefinition(name = "Call-monitor port", min = "1", max = "65535")
        int callmonitor_port() default 1012;

        @AttributeDefinition(name = "JSON feed on", description = "Serve the JSON lines format.")
        boolean json_enabled() default false;

        @AttributeDefinition(name = "JSON port", min = "1", max = "65535")
        int json_port() default 1013;

        @AttributeDefinition(name = "Address", description = "The local address both feeds listen on (a literal address).")
        String address() default "0.0.0.0";

        @AttributeDefinition(name = "Client limit", min = "1", max = "1024",
                description = "Clients of both feeds together; more are refused.")
        int max_clients() default 16;

        @AttributeDefinition(name = "Client buffer (bytes)", min = "1024", max = "16777216",
                description = "What one client may leave unread before it is dropped.")
        int client_buffer_bytes() default 65536;

        @AttributeDefinition(name = "Allowed clients",
                description = "Address ranges clients may connect from (address/prefix).")
        String[] allow() default { "127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                "fc00::/7", "fe80::/10" };

        @AttributeDefinition(name = "DECT bases", description = "A service filter over a USB device's properties "
                + "that picks out DECT base dongles, for the dongle events.")
        String dongle_dect() default StatePublisher.DEFAULT_DECT;

        @AttributeDefinition(name = "FXS adapters", description = "A service filter over a USB device's properties "
                + "that picks out FXS adapters, for the dongle events.")
        String dongle_fxs() default StatePublisher.DEFAULT_FXS;
    }

    private final FeedLines lines = new FeedLines(ZoneId.systemDefault());
    private final List<BlockingQueue<String>> tails = new CopyOnWriteArrayList<>();
    private volatile FeedServer server;

    @Activate
    public NotifyFeed(Config config) {
        server = start(config);
    }

    @Modified
    void modified(Config config) throws InterruptedException {
        stopServer();
        server = start(config);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stopServer();
    }

    /** Event Admin thread: formats once and hands the lines on; never waits for a client. */
    @Override
    public void handleEvent(Event event) {
        FeedServer current = server;
        if (current == null && tails.isEmpty()) {
            return;
        }
        String json = lines.json(event);
        if (current != null) {
            current.publish(lines.callMonitor(event), json);
        }
        for (BlockingQueue<String> tail : tails) {
            tail.offer(json);
        }
    }

    /** The clients of the feeds now; empty when the feeds are off. */
    CompletableFuture<List<FeedServer.ClientInfo>> clients() {
        FeedServer current = server;
        return current == null ? CompletableFuture.completedFuture(List.of()) : current.clients();
    }

    /** The port a feed listens on, 0 when off. */
    int port(FeedServer.Feed feed) {
        FeedServer current = server;
        return current == null ? 0 : current.port(feed);
    }

    /** A queue that receives every event's JSON line from now on, until {@link #untail}. */
    BlockingQueue<String> tail() {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(TAIL_BUFFER);
        tails.add(queue);
        return queue;
    }

    void untail(BlockingQueue<String> queue) {
        tails.remove(queue);
    }

    private void stopServer() throws InterruptedException {
        FeedServer current = server;
        server = null;
        if (current != null) {
            current.stop();
        }
    }

    private static FeedServer start(Config config) {
        FeedServer.Settings settings = settings(config);
        if (settings.callMonitorPort() == 0 && settings.jsonPort() == 0) {
            log.info("notify: the TCP feeds are off (callmonitor.enabled, json.enabled in {})", PID);
            return null;
        }
        try {
            return new FeedServer(settings);
        } catch (IOException e) {
            log.error("notify: the TCP feeds are off: {}", e.getMessage());
            return null;
        }
    }

    /** Refuses each wrong value by name and keeps its default, so one typo leaves the rest working. */
    static FeedServer.Settings settings(Config config) {
        int callMonitorPort = port("callmonitor.port", config.callmonitor_port(), 1012);
        int jsonPort = port("json.port", config.json_port(), 1013);
        if (config.callmonitor_enabled() && config.json_enabled() && callMonitorPort == jsonPort) {
            log.error("configuration {}: json.port = {} refused: the call-monitor feed uses it; the JSON feed stays off",
                    PID, jsonPort);
            jsonPort = 0;
        } else if (!config.json_enabled()) {
            jsonPort = 0;
        }
        if (!config.callmonitor_enabled()) {
            callMonitorPort = 0;
        }
        InetAddress address;
        try {
            address = InetAddress.getByAddress(AddressRange.parse(config.address()).network());
        } catch (IllegalArgumentException | UnknownHostException e) {
            log.error("configuration {}: address = {} refused: not a literal address; using 127.0.0.1", PID,
                    config.address());
            address = InetAddress.getLoopbackAddress();
        }
        int maxClients = range("max.clients", config.max_clients(), 1, 1024, 16);
        int buffer = range("client.buffer.bytes", config.client_buffer_bytes(), 1024, 16 * 1024 * 1024, 65536);
        List<AddressRange> allow = new ArrayList<>();
        // A .cfg file gives the list as one comma-separated string.
        for (String text : String.join(",", config.allow()).split("[,\\s]+")) {
            if (text.isEmpty()) {
                continue;
            }
            try {
                allow.add(AddressRange.parse(text));
            } catch (IllegalArgumentException e) {
                log.error("configuration {}: allow entry {} refused: {}", PID, text, e.getMessage());
            }
        }
        if (allow.isEmpty()) {
            log.warn("configuration {}: allow has no valid range; only loopback clients are let in", PID);
            allow.add(AddressRange.parse("127.0.0.0/8"));
            allow.add(AddressRange.parse("::1/128"));
        }
        return new FeedServer.Settings(address, callMonitorPort, jsonPort, maxClients, buffer, List.copyOf(allow));
    }

    private static int port(String field, int value, int fallback) {
        return range(field, value, 1, 65535, fallback);
    }

    private static int range(String field, int value, int min, int max, int fallback) {
        if (value >= min && value <= max) {
            return value;
        }
        log.error("configuration {}: {} = {} refused: must be {} to {}; using {}", PID, field, value, min, max, fallback);
        return fallback;
    }
}
