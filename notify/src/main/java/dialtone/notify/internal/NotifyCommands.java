package dialtone.notify.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code notify} shell scope. */
@Component(service = NotifyCommands.class, immediate = true)
@GogoCommand(scope = "notify", function = { "clients", "tail" })
public final class NotifyCommands {

    private final NotifyFeed feed;

    @Activate
    public NotifyCommands(@Reference NotifyFeed feed) {
        this.feed = feed;
    }

    @Descriptor("lists the clients of the call-monitor and JSON feeds: feed, address, connected for, lines, bytes unsent")
    public List<String> clients() throws InterruptedException {
        List<FeedServer.ClientInfo> clients;
        try {
            clients = feed.clients().get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the feed thread did not answer within 2 s");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("call-monitor port %s, json port %s", port(FeedServer.Feed.CALL_MONITOR),
                port(FeedServer.Feed.JSON)));
        Instant now = Instant.now();
        for (FeedServer.ClientInfo client : clients) {
            long seconds = Duration.between(client.since(), now).getSeconds();
            lines.add(String.format("%-12s %-24s %d:%02d  %d lines  %d bytes unsent", client.feed().label,
                    client.remote(), seconds / 60, seconds % 60, client.linesSent(), client.bytesPending()));
        }
        if (clients.isEmpty()) {
            lines.add("no clients");
        }
        return lines;
    }

    @Descriptor("shows every event as a JSON line as it happens, until interrupted (or the count or time is reached)")
    public String tail(CommandSession session,
            @Descriptor("stop after this many events (0: no limit)") @Parameter(names = { "-n", "--count" }, absentValue = "0") int count,
            @Descriptor("stop after this many seconds (0: no limit)") @Parameter(names = { "-t", "--seconds" }, absentValue = "0") int seconds) {
        PrintStream console = session.getConsole();
        BlockingQueue<String> events = feed.tail();
        long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
        int shown = 0;
        try {
            while (count == 0 || shown < count) {
                long wait = Math.min(TimeUnit.MILLISECONDS.toNanos(500), deadline - System.nanoTime());
                if (wait <= 0) {
                    break;
                }
                String line = events.poll(wait, TimeUnit.NANOSECONDS);
                if (line != null) {
                    console.print(line);
                    console.flush();
                    shown++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            feed.untail(events);
        }
        return shown + " events";
    }

    private String port(FeedServer.Feed which) {
        int port = feed.port(which);
        return port == 0 ? "off" : Integer.toString(port);
    }
}
