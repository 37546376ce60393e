package dialtone.store.phonebook.internal;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Turns numbers into the keys they are matched by, with libphonenumber and the configured country
 * and area code. A stored number is indexed under every form the network may write it in, so the
 * look-up of an incoming number is usually one cleaning pass and one hash look-up; anything else
 * is parsed by libphonenumber and matched by its E.164 form.
 */
final class NumberMatcher {

    private static final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

    private final String region;
    private final int countryCode;
    /** The national (trunk) prefix, "0" in Germany; empty where the country has none. */
    private final String trunk;
    /** The area code without the trunk prefix, "30" for Berlin; empty when not configured. */
    private final String area;
    /** The preferred international call prefix, "00" in Germany. */
    private final String idd;

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
    }

    String region() {
        return region;
    }

    String area() {
        return area;
    }

    /** The forms a stored number is found under: cleaned strings as {@link #clean} makes them. */
    Set<String> forms(String entered) {
        Set<String> forms = new LinkedHashSet<>();
        String cleaned = clean(entered);
        if (cleaned.isEmpty()) {
            return forms;
        }
        forms.add(cleaned);
        PhoneNumber number = needsParsing(entered) ? parseAsWritten(userPart(entered)) : parse(cleaned);
        if (number == null) {
            return forms;
        }
        String nsn = util.getNationalSignificantNumber(number);
        int cc = number.getCountryCode();
        forms.add(util.format(number, PhoneNumberFormat.E164));
        forms.add(cc + nsn);
        if (!idd.isEmpty()) {
            forms.add(idd + cc + nsn);
        }
        if (cc == countryCode) {
            forms.add(clean(util.format(number, PhoneNumberFormat.NATIONAL)));
            if (!area.isEmpty() && nsn.startsWith(area) && nsn.length() > area.length()) {
                forms.add(nsn.substring(area.length()));
            }
        }
        return forms;
    }

    /** The number in E.164 when libphonenumber understands it, else cleaned; empty for no number. */
    String canonical(String raw) {
        String cleaned = clean(raw);
        if (cleaned.isEmpty()) {
            return cleaned;
        }
        PhoneNumber number = needsParsing(raw) ? parseAsWritten(userPart(raw)) : parse(cleaned);
        return number == null ? cleaned : util.format(number, PhoneNumberFormat.E164);
    }

    /** A national display form ("030 1234567") for numbers of the configured country, else international. */
    String display(String raw) {
        PhoneNumber number = parse(clean(raw));
        if (number == null) {
            return raw;
        }
        return util.format(number, number.getCountryCode() == countryCode ? PhoneNumberFormat.NATIONAL
                : PhoneNumberFormat.INTERNATIONAL);
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
            boolean bare = !cleaned.startsWith("+") && (idd.isEmpty() || !cleaned.startsWith(idd))
                    && (trunk.isEmpty() || !cleaned.startsWith(trunk));
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
     * international number, or letters (vanity numbers). Other numbers are matched by their forms.
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
