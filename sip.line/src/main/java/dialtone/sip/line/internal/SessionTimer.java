package dialtone.sip.line.internal;

import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;

import javax.sip.InvalidArgumentException;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RequireHeader;
import javax.sip.header.SupportedHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.header.extensions.MinSE;
import gov.nist.javax.sip.header.extensions.MinSEHeader;
import gov.nist.javax.sip.header.extensions.SessionExpiresHeader;

/**
 * A session's RFC 4028 timer: how long the session lasts without a refresh (0: no timer), which
 * side refreshes it with a re-INVITE, and whether the far side knows the extension. A session no
 * one refreshes in time is taken to be gone, so a lost BYE cannot leave a call up for ever.
 */
record SessionTimer(int interval, boolean weRefresh, boolean farSupports) {

    /** The option tag. */
    static final String TAG = "timer";
    /** The interval we ask for: 30 minutes, as RFC 4028 recommends. */
    static final int ASKED = 1800;
    /** The least interval we take, RFC 4028's own minimum. */
    static final int MIN_SE = 90;
    static final SessionTimer NONE = new SessionTimer(0, false, false);

    boolean active() {
        return interval > 0;
    }

    /** When the refresher sends its refresh: at half the interval. */
    Duration refreshAfter() {
        return Duration.ofSeconds(interval).dividedBy(2);
    }

    /** When the other side gives the session up: 32 s (or a third) before the interval ends (RFC 4028 10). */
    Duration expiryAfter() {
        return Duration.ofSeconds(interval - Math.min(32, interval / 3));
    }

    /**
     * The timer an INVITE or re-INVITE from the far side asks for; null when its interval is below
     * {@link #MIN_SE} (to be answered 422). The far side refreshes unless it asks us to, or does
     * not know the extension; one that knows it and asks for nothing gets {@link #ASKED}.
     */
    static SessionTimer ofRequest(Request request) {
        boolean supports = names(request, SupportedHeader.NAME) || names(request, RequireHeader.NAME);
        SessionExpiresHeader asked = (SessionExpiresHeader) request.getHeader(SessionExpiresHeader.NAME);
        if (asked == null) {
            return supports ? new SessionTimer(ASKED, false, true) : NONE;
        }
        if (asked.getExpires() < MIN_SE) {
            return null;
        }
        String refresher = asked.getRefresher();
        boolean weRefresh = refresher == null ? !supports : refresher.equalsIgnoreCase("uas");
        return new SessionTimer(asked.getExpires(), weRefresh, supports);
    }

    /**
     * The timer the 2xx to a request of ours settles: none without Session-Expires (the far side
     * does not use one, RFC 4028 7.2); we refresh unless it names itself.
     */
    static SessionTimer ofResponse(Response response) {
        SessionExpiresHeader granted = (SessionExpiresHeader) response.getHeader(SessionExpiresHeader.NAME);
        if (granted == null || granted.getExpires() <= 0) {
            return NONE;
        }
        boolean weRefresh = !"uas".equalsIgnoreCase(granted.getRefresher());
        return new SessionTimer(granted.getExpires(), weRefresh, names(response, RequireHeader.NAME));
    }

    /** The interval a 422 asks for (its Min-SE); 0 when it names none we could take. */
    static int minimumOf(Response response) {
        Object minimum = response.getHeader(MinSEHeader.NAME);
        return minimum instanceof MinSE min && min.getExpires() >= MIN_SE ? min.getExpires() : 0;
    }

    /** Asks again, in a request of ours refused with 422, for the least interval the far side takes. */
    static void askAgain(Request request, int interval, HeaderFactory headers)
            throws ParseException, InvalidArgumentException {
        request.setHeader(((gov.nist.javax.sip.header.HeaderFactoryExt) headers).createSessionExpiresHeader(interval));
        request.setHeader(headers.createHeader(MinSEHeader.NAME, Integer.toString(interval)));
    }

    /** Says in our 2xx to the far side's request what was settled; that side was the UAC. */
    void answer(Response response, HeaderFactory headers) throws ParseException, InvalidArgumentException {
        response.addHeader(headers.createSupportedHeader(TAG));
        if (!active()) {
            return;
        }
        SessionExpiresHeader expires = ((gov.nist.javax.sip.header.HeaderFactoryExt) headers)
                .createSessionExpiresHeader(interval);
        expires.setRefresher(weRefresh ? "uas" : "uac");
        response.addHeader(expires);
        if (farSupports) {
            response.addHeader(headers.createRequireHeader(TAG));
        }
    }

    /**
     * Asks for a timer in a request of ours: the one in force, refreshed by us as its UAC, or
     * {@link #ASKED} with the refresher left to the far side.
     */
    void ask(Request request, HeaderFactory headers) throws ParseException, InvalidArgumentException {
        request.addHeader(headers.createSupportedHeader(TAG));
        SessionExpiresHeader expires = ((gov.nist.javax.sip.header.HeaderFactoryExt) headers)
                .createSessionExpiresHeader(active() ? interval : ASKED);
        if (active() && weRefresh) {
            expires.setRefresher("uac");
        }
        request.addHeader(expires);
    }

    /** The option tags a message's Supported or Require headers name, trimmed and in lower case. */
    static List<String> optionTags(Message message, String header) {
        List<String> tags = new ArrayList<>();
        ListIterator<?> values = message.getHeaders(header);
        while (values != null && values.hasNext()) {
            Object value = values.next();
            String tag = value instanceof SupportedHeader s ? s.getOptionTag()
                    : value instanceof RequireHeader r ? r.getOptionTag() : null;
            if (tag != null && !tag.isBlank()) {
                tags.add(tag.trim().toLowerCase(Locale.ROOT));
            }
        }
        return tags;
    }

    private static boolean names(Message message, String header) {
        return optionTags(message, header).contains(TAG);
    }

    @Override
    public String toString() {
        return active() ? interval + " s, refreshed by " + (weRefresh ? "us" : "the far side") : "no session timer";
    }
}
