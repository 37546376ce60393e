package dialtone.core.call.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Decides, digit by digit, where a dialled number leads: to a line by the first rule whose pattern
 * matches, to an emergency number (always, on any line), or inside the house ({@code **N} for an
 * extension, {@code **9} for all of them). A number is dialled as soon as no longer number could
 * lead elsewhere, on {@code #}, or when the inter-digit timeout ends dialling. Immutable: a new
 * configuration makes a new plan.
 */
final class DialPlan {

    /** Where a complete number goes. */
    sealed interface Destination {
        /** Out on a line; {@link #ANY_LINE} for whichever line is up. */
        record Line(String account) implements Destination {
        }

        /** Out on any line that is up, whatever the rules say. */
        record Emergency() implements Destination {
        }

        /** One extension, by its internal number. */
        record Extension(String number) implements Destination {
        }

        /** Every extension at once. */
        record AllExtensions() implements Destination {
        }
    }

    /** What to do after the digits so far. */
    sealed interface Decision {
        /** Wait for more digits (until {@code #} or the inter-digit timeout). */
        record Collect() implements Decision {
        }

        /** Dial {@code number} (the digits without a closing {@code #}). */
        record Dial(String number, Destination destination) implements Decision {
        }

        /** Nothing matches, and no longer number could. */
        record Unknown(String number) implements Decision {
        }
    }

    /** One rule: numbers matching the pattern go out on the account. */
    record Rule(Pattern pattern, String account) {
    }

    static final String ANY_LINE = "*";
    static final String INTERNAL_PREFIX = "**";
    static final String ALL_EXTENSIONS = "9";

    private static final Decision COLLECT = new Decision.Collect();

    private final List<Rule> rules;
    private final Set<String> emergencyNumbers;

    DialPlan(List<Rule> rules, Set<String> emergencyNumbers) {
        this.rules = List.copyOf(rules);
        this.emergencyNumbers = Set.copyOf(emergencyNumbers);
    }

    /**
     * Parses rules written {@code PATTERN=ACCOUNT} (a regular expression over the digits, and an
     * account name or {@code *}), in order of precedence.
     *
     * @throws IllegalArgumentException naming the rule that does not parse
     */
    static List<Rule> parseRules(String[] written) {
        List<Rule> rules = new ArrayList<>(written.length);
        for (String rule : written) {
            int equals = rule.lastIndexOf('=');
            if (equals <= 0 || equals == rule.length() - 1) {
                throw new IllegalArgumentException("rule '" + rule + "' must be PATTERN=ACCOUNT");
            }
            try {
                rules.add(new Rule(Pattern.compile(rule.substring(0, equals).trim()),
                        rule.substring(equals + 1).trim()));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("rule '" + rule + "': " + e.getDescription(), e);
            }
        }
        return rules;
    }

    /**
     * Decides after a digit.
     *
     * @param dialled    the digits so far; a closing {@code #} ends dialling
     * @param ended      true when the inter-digit timeout ended dialling
     * @param extensions the internal numbers that exist now
     */
    Decision decide(String dialled, boolean ended, Set<String> extensions) {
        Objects.requireNonNull(dialled, "dialled");
        boolean closed = ended || dialled.endsWith("#");
        String number = dialled.endsWith("#") ? dialled.substring(0, dialled.length() - 1) : dialled;
        if (number.isEmpty()) {
            return closed ? new Decision.Unknown(number) : COLLECT;
        }
        if (number.startsWith(INTERNAL_PREFIX) || INTERNAL_PREFIX.startsWith(number)) {
            return internal(number, closed, extensions);
        }
        if (emergencyNumbers.contains(number)) {
            return new Decision.Dial(number, new Destination.Emergency());
        }
        boolean longerCouldMatch = emergencyNumbers.stream().anyMatch(e -> e.startsWith(number));
        Rule first = null;
        for (Rule rule : rules) {
            Matcher matcher = rule.pattern().matcher(number);
            boolean matches = matcher.matches();
            if (matches && first == null) {
                first = rule;
            }
            longerCouldMatch |= matcher.hitEnd();
        }
        if (first != null && (closed || !longerCouldMatch)) {
            return new Decision.Dial(number, new Destination.Line(first.account()));
        }
        return !closed && longerCouldMatch ? COLLECT : new Decision.Unknown(number);
    }

    private static Decision internal(String number, boolean closed, Set<String> extensions) {
        if (number.length() <= INTERNAL_PREFIX.length()) {
            return closed ? new Decision.Unknown(number) : COLLECT;
        }
        String internal = number.substring(INTERNAL_PREFIX.length());
        if (internal.equals(ALL_EXTENSIONS)) {
            return new Decision.Dial(number, new Destination.AllExtensions());
        }
        boolean longer = extensions.stream().anyMatch(e -> e.length() > internal.length() && e.startsWith(internal));
        if (extensions.contains(internal) && (closed || !longer)) {
            return new Decision.Dial(number, new Destination.Extension(internal));
        }
        return !closed && longer ? COLLECT : new Decision.Unknown(number);
    }
}
