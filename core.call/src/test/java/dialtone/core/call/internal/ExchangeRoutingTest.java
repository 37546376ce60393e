package dialtone.core.call.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import dialtone.core.call.Capabilities;
import dialtone.core.call.CallerId;
import dialtone.core.call.Codec;
import dialtone.core.call.Leg;
import dialtone.core.call.Media;
import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Reason;

public class ExchangeRoutingTest {

    /** A participant that only has a name, a kind and a registration state. */
    record Stub(String name, String kind, boolean isAvailable) implements Participant {
        @Override
        public Capabilities capabilities() {
            return new Capabilities(EnumSet.of(Codec.PCMA), 1, EnumSet.noneOf(Capabilities.Feature.class));
        }

        @Override
        public void offer(Leg leg, Offer offer) {
        }

        @Override
        public void alerting(Leg leg) {
        }

        @Override
        public void connected(Leg leg, Media media) {
        }

        @Override
        public void released(Leg leg, Reason reason) {
        }
    }

    /** A configuration with the given values and the annotation's defaults for the rest. */
    static ExchangeRouting.Config config(Map<String, Object> values) {
        return (ExchangeRouting.Config) Proxy.newProxyInstance(ExchangeRouting.Config.class.getClassLoader(),
                new Class<?>[] { ExchangeRouting.Config.class }, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return ExchangeRouting.Config.class;
                    }
                    return values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    private final Stub home = new Stub("line/home", "line", false);
    private final Stub office = new Stub("line/office", "line", true);
    private final Stub kitchen = new Stub("dect/1", "handset", true);
    private final Stub hall = new Stub("dect/2", "handset", true);
    private final Stub fax = new Stub("fxs/1", "port", true);

    private ExchangeRouting routing(Map<String, Object> values) {
        ExchangeRouting routing = new ExchangeRouting(config(values));
        add(routing, home, "");
        add(routing, office, "");
        add(routing, hall, "2");
        add(routing, kitchen, "1");
        add(routing, fax, "11");
        return routing;
    }

    private static void add(ExchangeRouting routing, Stub participant, String number) {
        routing.addParticipant(participant, Map.of(Participant.NAME, participant.name(), Participant.KIND,
                participant.kind(), Participant.NUMBER, number));
    }

    private static Offer offer() {
        return new Offer(CallerId.of("0301234567"), "5551234", Media.of(List.of(Codec.PCMA)));
    }

    @Test
    public void anIncomingCallRingsEveryHandsetAndPortByDefault() {
        assertEquals(List.of(kitchen, hall, fax), routing(Map.of()).incoming(home, offer()));
    }

    @Test
    public void aRingGroupNarrowsWhoRingsForOneLine() {
        ExchangeRouting routing = routing(Map.of("incoming", new String[] { "home=dect/2,11" }));
        assertEquals(List.of(hall, fax), routing.incoming(home, offer()));
        assertEquals(List.of(kitchen, hall, fax), routing.incoming(office, offer()));
    }

    @Test
    public void rulesPickTheLineAndAnyLinePrefersOneThatIsUp() {
        ExchangeRouting routing = routing(Map.of("rules", new String[] { "00[0-9]+=home [0-9]+=*" }));
        assertEquals(List.of(home), routing.outgoing(kitchen, "0044123456"));
        assertEquals(List.of(office), routing.outgoing(kitchen, "5551234"));
    }

    @Test
    public void emergencyNumbersGoOutOnALineThatIsUpWhateverTheRules() {
        ExchangeRouting routing = routing(Map.of("rules", new String[] { "[0-9]+=home" }));
        assertEquals(List.of(office), routing.outgoing(kitchen, "112"));
        assertTrue(routing.isComplete(kitchen, "112"));
        assertFalse(routing.isComplete(kitchen, "11"));
    }

    @Test
    public void internalNumbersReachOneExtensionAndStarStarNineAllOthers() {
        ExchangeRouting routing = routing(Map.of());
        assertEquals(List.of(hall), routing.outgoing(kitchen, "**2"));
        assertEquals(List.of(fax), routing.outgoing(kitchen, "**11"));
        assertEquals(List.of(hall, fax), routing.outgoing(kitchen, "**9"));
        assertEquals(List.of(), routing.outgoing(kitchen, "**7"));
        assertFalse("**1 could still become **11", routing.isComplete(kitchen, "**1"));
    }

    @Test
    public void aNumberThatMatchesNoRuleLeadsNowhere() {
        ExchangeRouting routing = routing(Map.of("rules", new String[] { "0[0-9]+=home" }));
        assertEquals(List.of(), routing.outgoing(kitchen, "5551234"));
    }

    @Test
    public void wrongValuesAreRefusedAndTheRestApplies() {
        ExchangeRouting routing = routing(Map.of("rules", new String[] { "0[1-9=home" },
                "inter_digit_timeout_ms", 10L, "emergency", new String[] { "911" }));
        assertEquals(Duration.ofSeconds(4), routing.interDigitTimeout());
        assertEquals("the default rule sends everything out on any line", List.of(office),
                routing.outgoing(kitchen, "5551234"));
        assertTrue(routing.isComplete(kitchen, "911"));
    }

    @Test
    public void aParticipantThatLeftIsNoLongerRouted() {
        ExchangeRouting routing = routing(Map.of());
        routing.removeParticipant(hall);
        assertEquals(List.of(), routing.outgoing(kitchen, "**2"));
        assertEquals(List.of(kitchen, fax), routing.incoming(home, offer()));
    }
}
