package dialtone.core.call.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Set;

import org.junit.Test;

import dialtone.core.call.internal.DialPlan.Decision;
import dialtone.core.call.internal.DialPlan.Destination;

public class DialPlanTest {

    private final DialPlan plan = new DialPlan(DialPlan.parseRules(new String[] {
            "00[0-9]{4,}=abroad", "0[1-9][0-9]{5}=home", "[1-9][0-9]{3,7}=home" }), Set.of("110", "112"));
    private final Set<String> extensions = Set.of("1", "2", "21");

    private Decision decide(String dialled) {
        return plan.decide(dialled, false, extensions);
    }

    private static Decision dial(String number, Destination destination) {
        return new Decision.Dial(number, destination);
    }

    @Test
    public void aNumberThatCanStillGrowWaitsForMoreDigits() {
        assertEquals(new Decision.Collect(), decide("0"));
        assertEquals(new Decision.Collect(), decide("0049"));
        assertEquals(new Decision.Collect(), decide("004930123"));
    }

    @Test
    public void aNumberIsDialledOnHashOrWhenTheInterDigitTimeoutEndsIt() {
        assertEquals(dial("004930123", new Destination.Line("abroad")), decide("004930123#"));
        assertEquals(dial("004930123", new Destination.Line("abroad")), plan.decide("004930123", true, extensions));
    }

    @Test
    public void aNumberThatCannotGrowAnyFurtherIsDialledAtOnce() {
        assertEquals(dial("0301234", new Destination.Line("home")), decide("0301234"));
    }

    @Test
    public void theFirstMatchingRuleWins() {
        assertEquals(dial("1234", new Destination.Line("home")), decide("1234#"));
    }

    @Test
    public void emergencyNumbersGoOutAtOnceWhateverTheRules() {
        assertEquals(new Decision.Collect(), decide("11"));
        assertEquals(dial("112", new Destination.Emergency()), decide("112"));
        assertEquals(dial("110", new Destination.Emergency()), decide("110"));
    }

    @Test
    public void aNumberThatMatchesNothingIsUnknownAsSoonAsNothingLongerCouldMatch() {
        assertEquals(new Decision.Unknown("0*"), decide("0*"));
        assertEquals(new Decision.Unknown("99"), decide("99#"));
        assertEquals(new Decision.Unknown(""), decide("#"));
    }

    @Test
    public void internalNumbersReachExtensionsAndStarStarNineRingsAll() {
        assertEquals(new Decision.Collect(), decide("*"));
        assertEquals(new Decision.Collect(), decide("**"));
        assertEquals(dial("**1", new Destination.Extension("1")), decide("**1"));
        // 2 could still become 21: wait, then take 2 on # or on the timeout.
        assertEquals(new Decision.Collect(), decide("**2"));
        assertEquals(dial("**2", new Destination.Extension("2")), decide("**2#"));
        assertEquals(dial("**2", new Destination.Extension("2")), plan.decide("**2", true, extensions));
        assertEquals(dial("**21", new Destination.Extension("21")), decide("**21"));
        assertEquals(dial("**9", new Destination.AllExtensions()), decide("**9"));
        assertEquals(new Decision.Unknown("**5"), decide("**5"));
    }

    @Test
    public void aRuleThatDoesNotParseIsRefusedByName() {
        try {
            DialPlan.parseRules(new String[] { "0[1-9=home" });
            fail("a broken pattern must be refused");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("0[1-9=home"));
        }
        try {
            DialPlan.parseRules(new String[] { "00.*" });
            fail("a rule without an account must be refused");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("PATTERN=ACCOUNT"));
        }
    }
}
