package dialtone.sip.line.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.core.call.CallCore;
import dialtone.core.call.Participant;
import dialtone.core.call.Routing;
import dialtone.sip.line.LineStatus;
import dialtone.sip.line.RegistrationState;
import dialtone.sip.line.SipLine;

/**
 * One SIP account from one factory configuration: validates it, starts its {@link SipAgent} and
 * its {@link Line}, and offers both as a {@link SipLine}; the line itself is registered as a
 * {@link Participant} with the properties {@code participant.name=line/NAME},
 * {@code participant.kind=line}, {@code sip.line=NAME} and the registration's
 * {@link SipLine#STATE} (and {@link SipLine#ERROR}), which follow it. A refused configuration still shows up
 * (state {@link RegistrationState#REFUSED}, the field in the last error) and touches nothing else.
 */
@Component(service = SipLine.class, immediate = true, configurationPid = AccountConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AccountConfig.class, factory = true)
public final class SipAccountComponent implements SipLine {

    private static final Logger log = LoggerFactory.getLogger(SipAccountComponent.class);
    /** Service property of the line's {@link Participant} registration: the account's name. */
    static final String LINE_NAME = "sip.line";

    private final CallCore core;
    private final String name;
    private final Line line;
    private final SipAgent agent;
    private final LineStatus refused;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Routing routing;

    private final LineService service;

    @Activate
    public SipAccountComponent(@Reference CallCore core, AccountConfig config, Map<String, Object> properties,
            BundleContext context) {
        this.core = core;
        String fallback = nameOf(properties);
        Account account = null;
        SipAgent started = null;
        Line created = null;
        LineService published = null;
        LineStatus failure = null;
        try {
            if (!config.enabled()) {
                // Switched off: not even validated (no name look-ups), no port, no REGISTER.
                throw new Disabled();
            }
            account = Account.from(fallback, config);
            created = new Line(core, account, () -> routing);
            Line model = created;
            LineService shown = new LineService(created.name(), created.kind(), account.name());
            published = shown;
            started = new SipAgent(account, event -> {
                model.mailbox().post(event);
                if (event instanceof SipEvent.Registration registration) {
                    // On the agent's thread: the service's properties follow the registration.
                    shown.state(registration.state(), registration.error());
                }
            });
            created.agent(started);
            started.start();
        } catch (Account.InvalidAccount e) {
            String shown = config.name().isBlank() ? fallback : config.name().trim();
            log.error("SIP account {} refused: {}", shown, e.getMessage());
            failure = new LineStatus(shown, account != null ? account.aor() : "", RegistrationState.REFUSED,
                    e.getMessage(), null, 0);
            if (created != null) {
                created.mailbox().close();
            }
            created = null;
            started = null;
            published = null;
        } catch (Disabled e) {
            String shown = config.name().isBlank() ? fallback : config.name().trim();
            log.info("SIP account {} is disabled", shown);
            failure = new LineStatus(shown, "", RegistrationState.UNREGISTERED, "disabled", null, 0);
        }
        this.name = failure != null ? failure.name() : account.name();
        this.line = created;
        this.agent = started;
        this.refused = failure;
        // The line is also a participant service, so routing finds it by name (dialled numbers lead
        // to a line). Its methods are for the call-core thread only, like every participant's.
        this.service = published;
        if (published != null) {
            published.register(context, created);
        }
    }

    @Deactivate
    void deactivate() {
        if (service != null) {
            service.unregister();
        }
        if (line != null) {
            Line closing = line;
            core.deliver(l -> l.close(), closing);
            agent.stop(Duration.ofSeconds(2));
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletableFuture<LineStatus> status() {
        return line == null ? CompletableFuture.completedFuture(refused) : core.query(line::status);
    }

    @Override
    public CompletableFuture<List<String>> calls() {
        return line == null ? CompletableFuture.completedFuture(List.of()) : core.query(line::calls);
    }

    @Override
    public void register() {
        if (agent != null) {
            agent.registerNow();
        }
    }

    /** An account with {@code enabled = false}. */
    private static final class Disabled extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** The account's name from its file, {@code dialtone.sip.line.account-NAME.cfg}, or its PID. */
    static String nameOf(Map<String, Object> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String path = file.toString();
            String base = path.substring(path.lastIndexOf('/') + 1);
            String prefix = AccountConfig.FACTORY_PID + "-";
            if (base.startsWith(prefix) && base.endsWith(".cfg")) {
                return base.substring(prefix.length(), base.length() - ".cfg".length());
            }
        }
        Object pid = properties.get("service.pid");
        if (pid != null) {
            String text = pid.toString();
            int cut = Math.max(text.lastIndexOf('~'), text.lastIndexOf('.'));
            return text.substring(cut + 1).replaceAll("[^A-Za-z0-9_.\\-]", "_");
        }
        return "account";
    }
}
