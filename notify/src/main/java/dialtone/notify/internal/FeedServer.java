package dialtone.notify.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP server of both feeds, on one thread ({@code notify-feed}) with a selector. Every write
 * is non-blocking: a line goes into each client's own bounded buffer, and a client whose buffer
 * would overflow (it stopped reading, or reads too slowly) is dropped with a log line, so it
 * never holds up the others. Whatever a client sends is read and thrown away.
 */
final class FeedServer {

    /** The two feeds. */
    enum Feed {
        CALL_MONITOR("call-monitor"), JSON("json");

        final String label;

        Feed(String label) {
            this.label = label;
        }
    }

    /**
     * How the server runs. A port of 0 leaves that feed off.
     *
     * @param bufferBytes what one client may have unsent before it is dropped
     */
    record Settings(InetAddress address, int callMonitorPort, int jsonPort, int maxClients, int bufferBytes,
            List<AddressRange> allow) {
    }

    /** One connected client as {@code notify:clients} shows it. */
    record ClientInfo(Feed feed, String remote, Instant since, long linesSent, int bytesPending) {
    }

    /** Lines waiting for the feed thread at most; past that they are dropped (the thread is stuck). */
    static final int TASK_LIMIT = 65_536;

    /** The kernel's send buffer per client: small, so a stalled client shows in our own buffer. */
    static final int SOCKET_SEND_BUFFER = 16 * 1024;

    private static final Logger log = LoggerFactory.getLogger(FeedServer.class);

    private final Settings settings;
    private final Selector selector;
    private final Map<Feed, ServerSocketChannel> servers = new EnumMap<>(Feed.class);
    private final Set<Client> clients = new LinkedHashSet<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger taskCount = new AtomicInteger();
    private final ByteBuffer discard = ByteBuffer.allocate(4096);
    private final Throttle refusals = new Throttle();
    private final Thread thread;
    private volatile boolean running = true;

    private final class Client {
        final SocketChannel channel;
        final Feed feed;
        final String remote;
        final Instant since = Instant.now();
        final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        SelectionKey key;
        int pending;
        long sent;

        Client(SocketChannel channel, Feed feed, String remote) {
            this.channel = channel;
            this.feed = feed;
            this.remote = remote;
        }
    }

    /** Binds the enabled feeds' ports; throws when one cannot be bound, leaving nothing open. */
    FeedServer(Settings settings) throws IOException {
        this.settings = settings;
        selector = Selector.open();
        try {
            bind(Feed.CALL_MONITOR, settings.callMonitorPort());
            bind(Feed.JSON, settings.jsonPort());
        } catch (IOException e) {
            closeAll();
            throw e;
        }
        thread = new Thread(this::run, "notify-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private void bind(Feed feed, int port) throws IOException {
        if (port == 0) {
            return;
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        servers.put(feed, server);
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        InetSocketAddress address = new InetSocketAddress(settings.address(), port);
        try {
            server.bind(address, 64);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + address + " for the " + feed.label + " feed: " + e.getMessage(), e);
        }
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT, feed);
        log.info("notify: {} feed listening on {}", feed.label, address);
    }

    /** The port a feed listens on; 0 when it is off. */
    int port(Feed feed) {
        ServerSocketChannel server = servers.get(feed);
        return server == null ? 0 : server.socket().getLocalPort();
    }

    /** Sends a line to every client of each feed; null sends nothing to that feed. Any thread; never blocks. */
    void publish(String callMonitorLine, String jsonLine) {
        if (taskCount.incrementAndGet() > TASK_LIMIT) {
            taskCount.decrementAndGet();
            if (refusals.allow()) {
                log.warn("notify: feed thread behind by {} events; an event was not sent", TASK_LIMIT);
            }
            return;
        }
        ByteBuffer callMonitor = encode(callMonitorLine);
        ByteBuffer json = encode(jsonLine);
        tasks.add(() -> {
            taskCount.decrementAndGet();
            if (callMonitor != null) {
                fanOut(Feed.CALL_MONITOR, callMonitor);
            }
            if (json != null) {
                fanOut(Feed.JSON, json);
            }
        });
        selector.wakeup();
    }

    /** The clients connected now, as the feed thread sees them. */
    CompletableFuture<List<ClientInfo>> clients() {
        CompletableFuture<List<ClientInfo>> result = new CompletableFuture<>();
        tasks.add(() -> {
            List<ClientInfo> list = new ArrayList<>(clients.size());
            for (Client client : clients) {
                list.add(new ClientInfo(client.feed, client.remote, client.since, client.sent, client.pending));
            }
            result.complete(list);
        });
        selector.wakeup();
        return result;
    }

    void stop() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(2));
    }

    private static ByteBuffer encode(String line) {
        return line == null ? null : ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    private void run() {
        try {
            while (running) {
                selector.select(1000);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            log.error("notify: feed server stopped", e);
        } finally {
            closeAll();
        }
    }

    private void handle(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.attachment() instanceof Feed feed) {
            accept((ServerSocketChannel) key.channel(), feed);
            return;
        }
        Client client = (Client) key.attachment();
        try {
            if (key.isReadable()) {
                discard.clear();
                if (client.channel.read(discard) < 0) {
                    close(client, "disconnected");
                    return;
                }
            }
            if (key.isValid() && key.isWritable()) {
                flush(client);
            }
        } catch (IOException e) {
            close(client, "connection failed: " + e.getMessage());
        }
    }

    private void accept(ServerSocketChannel server, Feed feed) {
        // Take every waiting connection, so a flood is refused at once rather than left queued.
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                log.warn("notify: {} feed could not accept a connection: {}", feed.label, e.getMessage());
                return;
            }
            if (channel == null) {
                return;
            }
            InetSocketAddress remote;
            try {
                remote = (InetSocketAddress) channel.getRemoteAddress();
            } catch (IOException e) {
                quietClose(channel);
                continue;
            }
            String name = remote.getAddress().getHostAddress() + ":" + remote.getPort();
            if (settings.allow().stream().noneMatch(range -> range.contains(remote.getAddress()))) {
                refuse(channel, feed, name, "address not in allow");
                continue;
            }
            if (clients.size() >= settings.maxClients()) {
                refuse(channel, feed, name, "client limit " + settings.maxClients() + " reached");
                continue;
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_SEND_BUFFER);
                Client client = new Client(channel, feed, name);
                client.key = channel.register(selector, SelectionKey.OP_READ, client);
                clients.add(client);
                log.info("notify: {} client {} connected ({} clients)", feed.label, name, clients.size());
            } catch (IOException e) {
                quietClose(channel);
            }
        }
    }

    private void refuse(SocketChannel channel, Feed feed, String name, String why) {
        quietClose(channel);
        long suppressed = refusals.suppressed();
        if (refusals.allow()) {
            log.warn("notify: {} client {} refused: {}{}", feed.label, name, why,
                    suppressed > 0 ? " (" + suppressed + " more refused since the last such line)" : "");
        }
    }

    private void fanOut(Feed feed, ByteBuffer line) {
        int length = line.remaining();
        for (Client client : List.copyOf(clients)) {
            if (client.feed != feed) {
                continue;
            }
            if (client.pending + length > settings.bufferBytes()) {
                close(client, "dropped: stopped reading with " + client.pending + " bytes unsent (limit "
                        + settings.bufferBytes() + ")");
                continue;
            }
            client.out.add(line.duplicate());
            client.pending += length;
            client.sent++;
            try {
                flush(client);
            } catch (IOException e) {
                close(client, "connection failed: " + e.getMessage());
            }
        }
    }

    private void flush(Client client) throws IOException {
        ByteBuffer head;
        while ((head = client.out.peek()) != null) {
            client.pending -= client.channel.write(head);
            if (head.hasRemaining()) {
                break;
            }
            client.out.poll();
        }
        try {
            client.key.interestOps(client.out.isEmpty() ? SelectionKey.OP_READ
                    : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } catch (java.nio.channels.CancelledKeyException e) {
            throw new ClosedChannelException();
        }
    }

    private void close(Client client, String why) {
        if (clients.remove(client)) {
            quietClose(client.channel);
            log.info("notify: {} client {} {}; {} lines queued, {} clients left", client.feed.label, client.remote,
                    why, client.sent, clients.size());
        }
    }

    private void closeAll() {
        for (Client client : List.copyOf(clients)) {
            close(client, "closed: the feed stops");
        }
        for (ServerSocketChannel server : servers.values()) {
            quietClose(server);
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("notify: selector close failed", e);
        }
    }

    private static void quietClose(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("notify: close failed", e);
        }
    }

    /** At most one log line a second for a repeated warning, counting the ones left out. Feed thread or any. */
    private static final class Throttle {
        private final AtomicInteger skipped = new AtomicInteger();
        private volatile long next = System.nanoTime();

        boolean allow() {
            long now = System.nanoTime();
            if (now - next >= 0) {
                next = now + TimeUnit.SECONDS.toNanos(1);
                skipped.set(0);
                return true;
            }
            skipped.incrementAndGet();
            return false;
        }

        long suppressed() {
            return skipped.get();
        }
    }
}
