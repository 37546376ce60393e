package dialtone.sip.line.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dialtone.core.call.Capabilities;
import dialtone.core.call.Codec;
import dialtone.core.call.Leg;
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;
import dialtone.core.call.Routing;
import dialtone.core.call.internal.CoreImpl;
import dialtone.core.call.internal.LoopSettings;

/**
 * The benchmark's exchange (bench/sip-calls.sh): the real call core, one line on the real JAIN-SIP
 * stack, and a participant that answers every call at once. It listens on 127.0.0.1 (port from the
 * first argument), trusts the load generator's port (second argument), prints {@code ready}, and
 * stops when stdin closes.
 */
public final class LineBenchHarness {

    private LineBenchHarness() {
    }

    /** Answers at once: rings, then answers with its codecs; hangs up only when told. */
    static final class AnsweringPhone implements Participant {
        private final Capabilities capabilities = new Capabilities(Set.of(Codec.PCMU, Codec.PCMA,
                Codec.TELEPHONE_EVENT), 100_000, Set.of());
        private final Media media = new Media(List.of(Codec.PCMA, Codec.PCMU, Codec.TELEPHONE_EVENT),
                URI.create("dect://bench/1"));

        @Override
        public String name() {
            return "bench/phone";
        }

        @Override
        public Capabilities capabilities() {
            return capabilities;
        }

        @Override
        public void offer(Leg leg, Offer offer) {
            leg.alerting();
            leg.answer(media);
        }

        @Override
        public void alerting(Leg leg) {
        }

        @Override
        public void connected(Leg leg, Media answer) {
        }

        @Override
        public void released(Leg leg, Reason reason) {
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int loadPort = Integer.parseInt(args[1]);
        int deadRegistrar = Integer.parseInt(args.length > 2 ? args[2] : "25198");
        CoreImpl core = new CoreImpl(LoopSettings.DEFAULTS);
        core.start();
        Map<String, Object> values = new HashMap<>();
        // Nothing answers REGISTER there: the line backs off and the calls come straight from sipp.
        values.put("registrar", "127.0.0.1:" + deadRegistrar);
        values.put("user", "1001");
        values.put("local.address", "127.0.0.1");
        values.put("local.port", port);
        values.put("trusted", new String[] { "127.0.0.1:" + loadPort });
        values.put("rtp.ports", "25160-25199");
        Account account = Account.from("bench", Configs.account(values));
        AnsweringPhone phone = new AnsweringPhone();
        Routing routing = new Routing() {
            @Override
            public List<Participant> incoming(Participant line, Offer offer) {
                return List.of(phone);
            }

            @Override
            public List<Participant> outgoing(Participant caller, String dialled) {
                return List.of();
            }
        };
        Line line = new Line(core, account, () -> routing);
        SipAgent agent = new SipAgent(account, line.mailbox()::post);
        line.agent(agent);
        agent.start();
        System.out.println("ready");
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // runs until the script closes stdin
            }
        } catch (IOException e) {
            // the script went away: stop as well
        }
        core.deliver(Line::close, line);
        agent.stop(Duration.ofSeconds(1));
        System.out.println("handled " + core.stats().handled() + " messages; loop p99 "
                + core.stats().handlerP99() / 1000 + " us");
        core.stop();
    }
}
