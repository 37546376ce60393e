package dialtone.sip.line.internal;

import java.time.Instant;

import dialtone.core.call.CallerId;
import dialtone.core.call.Media;
import dialtone.sip.line.RegistrationState;

/**
 * What the SIP wrapper tells its line, posted through the line's mailbox. Immutable; a session is
 * named by a key the wrapper and the line share (the SIP Call-ID for incoming calls, the call id
 * for outgoing ones).
 */
sealed interface SipEvent {

    /** The registration changed; {@code expires} is null unless registered. */
    record Registration(RegistrationState state, String error, Instant expires) implements SipEvent {
    }

    /** A trusted INVITE arrived and got 100 Trying. */
    record Incoming(String key, CallerId caller, String called, Media media) implements SipEvent {
    }

    /** The provider cancelled an incoming call (200 to the CANCEL and 487 are already sent). */
    record Cancelled(String key) implements SipEvent {
    }

    /** The far side sent BYE (already answered 200). */
    record Bye(String key) implements SipEvent {
    }

    /** Our INVITE got 180 or 183. */
    record Ringing(String key) implements SipEvent {
    }

    /** Our INVITE got a 180 or 183 with SDP: the far side plays this early media. */
    record EarlyMedia(String key, Media media) implements SipEvent {
    }

    /** Our INVITE got 200 (ACK sent) with this answer. */
    record Answered(String key, Media media) implements SipEvent {
    }

    /** A re-INVITE put the call on hold from the far side, or took it off (already answered 200). */
    record Held(String key, boolean held) implements SipEvent {
    }

    /** A re-INVITE (answered 200), or the ACK answering our offer, moved the far side's media to this. */
    record MediaMoved(String key, Media media) implements SipEvent {
    }

    /**
     * The session ended from the SIP side before or without a BYE: our INVITE got a final failure,
     * timed out, or an error occurred. {@code status} is the SIP status, 408 for a timeout.
     */
    record Failed(String key, int status) implements SipEvent {
    }

    /** No session refresh came in time (RFC 4028): the far side is taken to be gone; BYE is sent. */
    record Expired(String key) implements SipEvent {
    }
}
