package dialtone.core.call;

/**
 * Why a leg was released, in words a participant can show or map to its own protocol (a SIP
 * status, a DECT release reason, a tone).
 */
public enum Reason {
    /** Hung up after talking. */
    NORMAL("call ended", 0),
    /** The caller gave up before anyone answered. */
    CANCELLED("caller hung up", 1),
    /** Another target answered first. */
    ANSWERED_ELSEWHERE("answered elsewhere", 1),
    /** Nothing could ring. */
    UNAVAILABLE("not reachable", 2),
    /** The device went away during the call (unplugged, out of range). */
    DEVICE_GONE("device gone", 3),
    /** Nobody answered in time. */
    NO_ANSWER("no answer", 4),
    /** The number matches nothing. */
    UNKNOWN_NUMBER("number unknown", 5),
    /** The network or the exchange has no capacity now. */
    CONGESTION("congestion", 5),
    /** Something failed; the log has the details. */
    FAILURE("call failed", 5),
    /** Refused by policy (not allowed to call here). */
    FORBIDDEN("not allowed", 6),
    /** The sides have no codec in common. */
    INCOMPATIBLE_MEDIA("no common codec", 7),
    /** Busy. */
    BUSY("busy", 8),
    /** The called side declined. */
    REJECTED("declined", 9);

    private final String description;
    private final int weight;

    Reason(String description, int weight) {
        this.description = description;
        this.weight = weight;
    }

    /** A short description for displays and logs. */
    public String description() {
        return description;
    }

    /**
     * Of two reasons why forked targets failed, the one to tell the caller: the one that says the
     * most (declined over busy over no answer over unreachable).
     */
    public static Reason mostTelling(Reason a, Reason b) {
        if (a == null) {
            return b;
        }
        return b.weight > a.weight ? b : a;
    }
}
