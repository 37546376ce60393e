package dialtone.core.call.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.core.call.Offer;
import dialtone.core.call.Participant;
import dialtone.core.call.Routing;
import dialtone.core.call.internal.DialPlan.Decision;
import dialtone.core.call.internal.DialPlan.Destination;

/**
 * The exchange's own routing: incoming calls ring the line's ring group (by default every handset
 * and port at once), dialled numbers go where the {@link DialPlan} says. It knows the participants
 * from their services ({@code participant.name}, {@code participant.kind}, {@code participant.number}),
 * tracked here off the loop, and answers on the loop from that snapshot.
 */
@Component(service = Routing.class, configurationPid = ExchangeRouting.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ExchangeRouting.Config.class)
public final class ExchangeRouting implements Routing {

    static final String PID = "dialtone.core.dialplan";

    private static final Logger log = LoggerFactory.getLogger(ExchangeRouting.class);
    private static final String DEFAULT_RULE = "[0-9*]+=*";
    private static final long DEFAULT_INTER_DIGIT_MS = 4000;
    private static final Comparator<Entry> BY_NUMBER_THEN_NAME = Comparator
            .comparing((Entry e) -> e.number().length()).thenComparing(Entry::number).thenComparing(Entry::name);

    @ObjectClassDefinition(name = "Dialtone dial plan",
            description = "Where dialled numbers go, emergency numbers, and who rings for incoming calls.")
    public @interface Config {
        @AttributeDefinition(name = "Rules", description = "PATTERN=ACCOUNT separated by white space, first match "
                + "wins: a regular expression over the digits and the SIP account to call out on, or * for any "
                + "line that is up.")
        String[] rules() default { DEFAULT_RULE };

        @AttributeDefinition(name = "Emergency numbers",
                description = "Dialled at once and sent out on any line that is up, whatever the rules say.")
        String[] emergency() default { "110", "112" };

        @AttributeDefinition(name = "Inter-digit timeout (ms)", min = "500",
                description = "A handset or port dials what it has when no digit came for this long.")
        long inter_digit_timeout_ms() default DEFAULT_INTER_DIGIT_MS;

        @AttributeDefinition(name = "Ring groups", description = "ACCOUNT=NAME,NAME... separated by white space: "
                + "the handsets and ports (by name or internal number) an incoming call on that line rings. A line "
                + "without a group rings every handset and port.")
        String[] incoming() default {};
    }

    /** A participant service as routing sees it. */
    record Entry(Participant participant, String name, String kind, String number) {
    }

    private final Map<Participant, Entry> participants = new ConcurrentHashMap<>();
    private volatile DialPlan plan;
    private volatile Duration interDigit;
    private volatile Map<String, List<String>> ringGroups;

    @Activate
    public ExchangeRouting(Config config) {
        apply(config);
    }

    @Modified
    void apply(Config config) {
        DialPlan newPlan;
        try {
            newPlan = new DialPlan(DialPlan.parseRules(items(config.rules())), Set.of(items(config.emergency())));
        } catch (IllegalArgumentException e) {
            log.error("configuration {}: rules refused: {}; keeping {}", PID, e.getMessage(),
                    plan == null ? "the default rules" : "the rules in force");
            newPlan = plan != null ? plan
                    : new DialPlan(DialPlan.parseRules(new String[] { DEFAULT_RULE }), Set.of(items(config.emergency())));
        }
        long millis = config.inter_digit_timeout_ms();
        if (millis < 500) {
            log.error("configuration {}: inter.digit.timeout.ms = {} refused: must be at least 500; using {}",
                    PID, millis, DEFAULT_INTER_DIGIT_MS);
            millis = DEFAULT_INTER_DIGIT_MS;
        }
        Map<String, List<String>> groups = new HashMap<>();
        for (String group : items(config.incoming())) {
            int equals = group.indexOf('=');
            if (equals <= 0) {
                log.error("configuration {}: incoming group '{}' refused: must be ACCOUNT=NAME NAME...", PID, group);
                continue;
            }
            groups.put(group.substring(0, equals).trim(), List.of(group.substring(equals + 1).trim().split(",")));
        }
        plan = newPlan;
        interDigit = Duration.ofMillis(millis);
        ringGroups = Map.copyOf(groups);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addParticipant(Participant participant, Map<String, Object> properties) {
        participants.put(participant, new Entry(participant, text(properties.get(Participant.NAME), participant.name()),
                text(properties.get(Participant.KIND), participant.kind()),
                text(properties.get(Participant.NUMBER), "")));
    }

    void removeParticipant(Participant participant) {
        participants.remove(participant);
    }

    @Override
    public List<Participant> incoming(Participant line, Offer offer) {
        String account = account(line.name());
        List<String> group = ringGroups.get(account);
        List<Entry> extensions = extensions();
        if (group != null) {
            extensions.removeIf(e -> !group.contains(e.name()) && !group.contains(e.number()));
        }
        return extensions.stream().map(Entry::participant).collect(Collectors.toList());
    }

    @Override
    public List<Participant> outgoing(Participant caller, String dialled) {
        Decision decision = plan.decide(dialled, true, numbers());
        if (!(decision instanceof Decision.Dial dial)) {
            return List.of();
        }
        Destination destination = dial.destination();
        if (destination instanceof Destination.Extension extension) {
            return extensions().stream().filter(e -> e.number().equals(extension.number()) && e.participant() != caller)
                    .map(Entry::participant).limit(1).collect(Collectors.toList());
        }
        if (destination instanceof Destination.AllExtensions) {
            return extensions().stream().map(Entry::participant).filter(p -> p != caller).collect(Collectors.toList());
        }
        String account = destination instanceof Destination.Line line ? line.account() : DialPlan.ANY_LINE;
        List<Entry> lines = lines();
        if (!account.equals(DialPlan.ANY_LINE)) {
            lines.removeIf(e -> !account(e.name()).equals(account));
        }
        // Prefer a line that is up; with none up, try one anyway so the caller hears why it failed.
        return lines.stream().filter(e -> e.participant().isAvailable()).findFirst()
                .or(() -> lines.stream().findFirst()).map(e -> List.of(e.participant())).orElse(List.of());
    }

    @Override
    public boolean isComplete(Participant caller, String dialled) {
        return plan.decide(dialled, false, numbers()) instanceof Decision.Dial;
    }

    @Override
    public Duration interDigitTimeout() {
        return interDigit;
    }

    private List<Entry> extensions() {
        List<Entry> result = new ArrayList<>();
        for (Entry entry : participants.values()) {
            if (entry.kind().equals("handset") || entry.kind().equals("port")) {
                result.add(entry);
            }
        }
        result.sort(BY_NUMBER_THEN_NAME);
        return result;
    }

    private List<Entry> lines() {
        List<Entry> result = new ArrayList<>();
        for (Entry entry : participants.values()) {
            if (entry.kind().equals("line")) {
                result.add(entry);
            }
        }
        result.sort(Comparator.comparing(Entry::name));
        return result;
    }

    private Set<String> numbers() {
        return participants.values().stream().filter(e -> !e.number().isEmpty()).map(Entry::number)
                .collect(Collectors.toSet());
    }

    /**
     * The items of a list setting. A {@code .cfg} file holds one string per key, so a list is written
     * there separated by white space; typed configuration may give an array. Both come out the same.
     */
    static String[] items(String[] values) {
        return java.util.Arrays.stream(values).flatMap(v -> java.util.Arrays.stream(v.trim().split("\\s+")))
                .filter(v -> !v.isEmpty()).toArray(String[]::new);
    }

    /** {@code line/home} is the account {@code home}. */
    private static String account(String participantName) {
        return participantName.startsWith("line/") ? participantName.substring(5) : participantName;
    }

    private static String text(Object value, String fallback) {
        return value == null ? fallback : value.toString();
    }
}
