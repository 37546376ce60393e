package dialtone.core.call.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dialtone.core.call.Call;
import dialtone.core.call.CallCore;
import dialtone.core.call.Leg;
import dialtone.core.call.LoopStats;

/** The {@code call} shell scope. */
@Component(service = CallCommands.class, immediate = true)
@GogoCommand(scope = "call", function = { "list" })
public final class CallCommands {

    private final CallCore core;

    @Activate
    public CallCommands(@Reference CallCore core) {
        this.core = core;
    }

    @Descriptor("lists the calls in progress with their participants and states")
    public List<String> list() throws InterruptedException {
        List<String> lines = ask(() -> {
            List<String> result = new ArrayList<>();
            Instant now = Instant.now();
            for (Call call : core.calls().active()) {
                StringBuilder line = new StringBuilder();
                line.append(call.id()).append(' ').append(call.state()).append(' ')
                        .append(format(Duration.between(call.started(), now))).append("  ")
                        .append(call.offer().caller()).append(" -> ").append(call.offer().called()).append("  ");
                for (Leg leg : call.legs()) {
                    line.append(leg.isOrigin() ? "" : " ").append(leg.participant().name()).append('[')
                            .append(leg.state()).append(leg.isHeld() ? ",HELD" : "").append(']');
                    if (leg.isOrigin()) {
                        line.append(" ->");
                    }
                }
                result.add(line.toString());
            }
            return result;
        });
        return lines.isEmpty() ? List.of("no calls") : lines;
    }

    private <T> T ask(java.util.function.Supplier<T> query) throws InterruptedException {
        try {
            return core.query(query).get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LoopStats stats = core.stats();
            throw new IllegalStateException("call-core did not answer within 2 s (" + stats.inboxDepth()
                    + " messages waiting, handler running for "
                    + TimeUnit.NANOSECONDS.toMillis(stats.runningForNanos()) + " ms)");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String format(Duration duration) {
        long seconds = duration.getSeconds();
        return String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
