package dialtone.store.phonebook.internal;

import java.util.Locale;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Turns numbers into the key they are matched by: E.164 ("+49301234567") as libphonenumber
 * reads the number with the configured country and area code, or the cleaned digits of what it
 * cannot read (internal short codes such as **11).
 * <p>
 * A stored number is always read by libphonenumber. An incoming number is looked up on every
 * call, on the call-core thread, so its key is found by the configured country's prefixes instead
 * when that gives the same answer: '+' stays, the international prefix (00) becomes '+', the trunk
 * prefix (0) becomes '+' and the country code, a bare number gets the area code in front. Those
 * prefixes come from libphonenumber's metadata, and at start the shortcut is checked against
 * libphonenumber's own reading of the country's example numbers; for a country where it
 * disagrees (Argentina's mobile 9, for instance) every incoming number is parsed in full.
 */
final class NumberMatcher {

    private static final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

    private final String region;
    private final int countryCode;
    private final String plusCountry;
    /** The national (trunk) prefix, "0" in Germany; empty where the country has none. */
    private final String trunk;
    /** The area code without the trunk prefix, "30" for Berlin; empty when not configured. */
    private final String area;
    /** The preferred international call prefix, "00" in Germany. */
    private final String idd;
    /** True when the prefix shortcut gives libphonenumber's answer for this country. */
    private final boolean shortcut;

    /**
     * @param region   ISO 3166 country, e.g. "DE"
     * @param areaCode the local area code with or without the trunk prefix ("030" or "30"); may be empty
     * @throws IllegalArgumentException for an unknown country or an area code that is not digits
     */
    NumberMatcher(String region, String areaCode) {
        this.region = region.trim().toUpperCase(Locale.ROOT);
        if (!util.getSupportedRegions().contains(this.region)) {
            throw new IllegalArgumentException("unknown country '" + region + "'");
        }
        this.countryCode = util.getCountryCodeForRegion(this.region);
        this.plusCountry = "+" + countryCode;
        String ndd = util.getNddPrefixForRegion(this.region, true);
        this.trunk = ndd == null ? "" : ndd;
        String a = areaCode == null ? "" : areaCode.replaceAll("[\\s\\-/()]", "");
        if (!a.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("area code '" + areaCode + "' is not digits");
        }
        if (!trunk.isEmpty() && a.startsWith(trunk)) {
            a = a.substring(trunk.length());
        }
        this.area = a;
        this.idd = internationalPrefix(this.region, this.countryCode);
        this.shortcut = shortcutAgrees();
    }

    String region() {
        return region;
    }

    String area() {
        return area;
    }

    boolean shortcut() {
        return shortcut;
    }

    /** The key of a stored number, read by libphonenumber; empty for a number with no digits. */
    String key(String entered) {
        String cleaned = clean(entered);
        if (cleaned.isEmpty()) {
            return cleaned;
        }
        PhoneNumber number = needsParsing(entered) ? parseAsWritten(userPart(entered)) : parse(cleaned);
        return number == null ? cleaned : util.format(number, PhoneNumberFormat.E164);
    }

    /** The key an incoming number is looked up by; never blocks, rarely parses. */
    String incomingKey(String raw) {
        String cleaned = clean(raw);
        if (cleaned.isEmpty()) {
            return cleaned;
        }
        if (needsParsing(raw) || !shortcut) {
            return key(raw);
        }
        return byPrefixes(cleaned);
    }

    /**
     * A second key to try when the first found nobody: the country code written without '+'
     * ("49301234567"), which the shortcut reads as a local number. Null when there is none.
     */
    String alternativeKey(String raw) {
        String cleaned = clean(raw);
        if (isBare(cleaned) && cleaned.startsWith(plusCountry.substring(1))) {
            return "+" + cleaned;
        }
        return null;
    }

    /** What a number prefix typed in the shell is searched as among the keys. */
    String prefixKey(String typed) {
        String cleaned = clean(typed);
        return cleaned.isEmpty() ? cleaned : byPrefixes(cleaned);
    }

    private String byPrefixes(String cleaned) {
        char first = cleaned.charAt(0);
        if (first == '+' || cleaned.indexOf('*') >= 0 || cleaned.indexOf('#') >= 0) {
            return cleaned;
        }
        if (!idd.isEmpty() && cleaned.startsWith(idd)) {
            return "+" + cleaned.substring(idd.length());
        }
        if (!trunk.isEmpty() && cleaned.startsWith(trunk)) {
            return plusCountry + cleaned.substring(trunk.length());
        }
        if (trunk.isEmpty()) {
            return plusCountry + cleaned;
        }
        return area.isEmpty() ? cleaned : plusCountry + area + cleaned;
    }

    private boolean isBare(String cleaned) {
        return !cleaned.isEmpty() && Character.isDigit(cleaned.charAt(0)) && (idd.isEmpty() || !cleaned.startsWith(idd))
                && (trunk.isEmpty() || !cleaned.startsWith(trunk));
    }

    /** Checks the shortcut against libphonenumber on the country's example numbers, written nationally and abroad. */
    private boolean shortcutAgrees() {
        for (PhoneNumberType type : new PhoneNumberType[] { PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE,
                PhoneNumberType.TOLL_FREE }) {
            PhoneNumber example = util.getExampleNumberForType(region, type);
            if (example == null) {
                continue;
            }
            String e164 = util.format(example, PhoneNumberFormat.E164);
            String national = clean(util.format(example, PhoneNumberFormat.NATIONAL));
            if (!byPrefixes(national).equals(e164) || !e164.equals(key(national))) {
                return false;
            }
            if (!idd.isEmpty() && !byPrefixes(idd + e164.substring(1)).equals(e164)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses with the configured country; a number written without trunk prefix, '+' or
     * international prefix is a local number within the configured area.
     */
    private PhoneNumber parse(String cleaned) {
        if (cleaned.isEmpty() || cleaned.indexOf('*') >= 0 || cleaned.indexOf('#') >= 0) {
            return null;
        }
        try {
            boolean bare = !cleaned.startsWith("+") && isBare(cleaned);
            if (bare && !area.isEmpty()) {
                PhoneNumber local = util.parse(trunk + area + cleaned, region);
                // Without a trunk prefix the country's own rules cannot tell local from national: ask validity.
                if (!trunk.isEmpty() || util.isValidNumber(local) && !util.isValidNumber(util.parse(cleaned, region))) {
                    return local;
                }
            }
            return util.parse(cleaned, region);
        } catch (NumberParseException e) {
            return null;
        }
    }

    /** libphonenumber's own reading of "+49 (0)30 1234567" or "0800-FLOWERS". */
    private PhoneNumber parseAsWritten(String number) {
        try {
            return util.parse(number, region);
        } catch (NumberParseException e) {
            return null;
        }
    }

    /**
     * Strips what the network adds around a number: a sip:, sips: or tel: scheme, the host and
     * URI parameters, spaces and punctuation. Keeps a leading '+', the digits, '*' and '#'.
     */
    static String clean(String raw) {
        String part = userPart(raw);
        StringBuilder out = new StringBuilder(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c >= '0' && c <= '9' || c == '*' || c == '#') {
                out.append(c);
            } else if (c == '+' && out.length() == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The number part of a URI ("sip:+4930123@host;user=phone" gives "+4930123"), or {@code raw} itself. */
    static String userPart(String raw) {
        if (raw == null) {
            return "";
        }
        int start = 0;
        int end = raw.length();
        int colon = raw.indexOf(':');
        if (colon > 0 && colon <= 4) {
            start = colon + 1;
        }
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            if (c == '@' || c == ';') {
                end = i;
                break;
            }
        }
        return raw.substring(start, end);
    }

    /**
     * True when {@code raw} holds what only libphonenumber's full parse reads: a "(0)" inside an
     * international number, or letters (vanity numbers).
     */
    static boolean needsParsing(String raw) {
        String part = userPart(raw);
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '(' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
                return true;
            }
        }
        return false;
    }

    /** The prefix this country dials abroad with, found by formatting a foreign example number. */
    private static String internationalPrefix(String region, int countryCode) {
        String foreign = "US".equals(region) || countryCode == 1 ? "DE" : "US";
        PhoneNumber example = util.getExampleNumber(foreign);
        if (example == null) {
            return "";
        }
        String dialled = clean(util.formatOutOfCountryCallingNumber(example, region));
        String tail = example.getCountryCode() + util.getNationalSignificantNumber(example);
        if (dialled.endsWith(tail) && !dialled.startsWith("+")) {
            return dialled.substring(0, dialled.length() - tail.length());
        }
        return "";
    }
}
