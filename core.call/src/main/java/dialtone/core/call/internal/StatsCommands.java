package dialtone.core.call.internal;

import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dialtone.core.call.CallCore;
import dialtone.core.call.LoopStats;

/** The {@code stats} shell scope for the loop. Reads counters only, so it answers even when the loop is stuck. */
@Component(service = StatsCommands.class, immediate = true)
@GogoCommand(scope = "stats", function = { "loop" })
public final class StatsCommands {

    private final CallCore core;

    @Activate
    public StatsCommands(@Reference CallCore core) {
        this.core = core;
    }

    @Descriptor("shows the call-core loop: inbox depth, messages handled, handler time p50/p99/max since start")
    public String loop() {
        LoopStats stats = core.stats();
        StringBuilder out = new StringBuilder();
        out.append(String.format("inbox depth     %d%n", stats.inboxDepth()));
        out.append(String.format("handled         %d%n", stats.handled()));
        out.append(String.format("failed          %d%n", stats.failed()));
        out.append(String.format("handler p50     %s%n", micros(stats.handlerP50())));
        out.append(String.format("handler p99     %s%n", micros(stats.handlerP99())));
        out.append(String.format("handler max     %s%n", micros(stats.handlerMax())));
        out.append(String.format("running now     %s%n", stats.runningForNanos() == 0 ? "idle"
                : TimeUnit.NANOSECONDS.toMillis(stats.runningForNanos()) + " ms"));
        out.append(String.format("handler limit   %d ms%n", stats.handlerLimit().toMillis()));
        out.append(String.format("stall limit     %d ms", stats.stallLimit().toMillis()));
        return out.toString();
    }

    private static String micros(long nanos) {
        return String.format("%.1f us", nanos / 1000.0);
    }
}
