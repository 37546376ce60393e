package dialtone.sip.line.internal;

import dialtone.core.call.Reason;

/** Maps SIP final responses to release reasons and back. */
final class SipStatus {

    private SipStatus() {
    }

    /** The reason a participant is given when our INVITE gets this final status. */
    static Reason reason(int status) {
        return switch (status) {
            case 486, 600 -> Reason.BUSY;
            case 603, 607 -> Reason.REJECTED;
            case 404, 484, 485, 604 -> Reason.UNKNOWN_NUMBER;
            case 408, 480 -> Reason.NO_ANSWER;
            case 410 -> Reason.UNAVAILABLE;
            case 488, 606, 415 -> Reason.INCOMPATIBLE_MEDIA;
            case 401, 403, 407 -> Reason.FORBIDDEN;
            case 487 -> Reason.CANCELLED;
            case 502, 503, 504 -> Reason.CONGESTION;
            default -> status >= 600 ? Reason.REJECTED : Reason.FAILURE;
        };
    }

    /** The final status an incoming INVITE is refused with, for this reason. */
    static int status(Reason reason) {
        return switch (reason) {
            case BUSY -> 486;
            case REJECTED -> 603;
            case UNKNOWN_NUMBER -> 404;
            case NO_ANSWER, UNAVAILABLE, DEVICE_GONE, NORMAL, ANSWERED_ELSEWHERE -> 480;
            case INCOMPATIBLE_MEDIA -> 488;
            case FORBIDDEN -> 403;
            case CANCELLED -> 487;
            case CONGESTION -> 503;
            case FAILURE -> 500;
        };
    }
}
