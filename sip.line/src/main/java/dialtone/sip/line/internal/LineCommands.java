package dialtone.sip.line.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dialtone.sip.line.LineStatus;
import dialtone.sip.line.SipLine;

/** The {@code line} shell scope. Passwords never appear: a status has no field for one. */
@Component(service = LineCommands.class, immediate = true)
@GogoCommand(scope = "line", function = { "list", "register", "calls" })
public final class LineCommands {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<SipLine> lines;

    @Descriptor("lists the SIP accounts: registration state, expiry, calls and last error")
    public List<String> list() throws InterruptedException {
        List<String> result = new ArrayList<>();
        Instant now = Instant.now();
        for (SipLine line : sorted()) {
            LineStatus status = get(line.status());
            StringBuilder text = new StringBuilder();
            text.append(status.name()).append(' ');
            if (!status.aor().isEmpty()) {
                text.append(status.aor()).append(' ');
            }
            text.append(status.state());
            if (status.expires() != null) {
                text.append(" expires in ").append(Math.max(0, Duration.between(now, status.expires()).toSeconds()))
                        .append(" s");
            }
            text.append(" calls ").append(status.calls());
            if (!status.lastError().isEmpty()) {
                text.append(" last error: ").append(status.lastError());
            }
            result.add(text.toString());
        }
        return result.isEmpty() ? List.of("no SIP accounts") : result;
    }

    @Descriptor("registers the named SIP account again now")
    public String register(@Descriptor("the account name, as in line:list") String name) {
        for (SipLine line : sorted()) {
            if (line.name().equals(name)) {
                line.register();
                return "registering " + name;
            }
        }
        return "no SIP account " + name;
    }

    @Descriptor("lists the calls on every SIP line")
    public List<String> calls() throws InterruptedException {
        List<String> result = new ArrayList<>();
        for (SipLine line : sorted()) {
            for (String call : get(line.calls())) {
                result.add(line.name() + " " + call);
            }
        }
        return result.isEmpty() ? List.of("no calls") : result;
    }

    private List<SipLine> sorted() {
        List<SipLine> current = new ArrayList<>(lines == null ? List.of() : lines);
        current.sort((a, b) -> a.name().compareTo(b.name()));
        return current;
    }

    private static <T> T get(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("call-core did not answer within 2 s");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
