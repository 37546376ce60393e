package dialtone.notify;

/**
 * Event Admin topics and property keys of Dialtone's events. Every event carries
 * {@link #TIMESTAMP} (milliseconds since the epoch, a {@code Long}); the other properties are
 * listed with each topic. Values are {@code String} unless said otherwise; a property that does
 * not apply is left out rather than sent empty.
 * <p>
 * Topics and keys are stable: new ones may be added in a minor version, none is renamed or
 * removed.
 */
public final class NotifyEvents {

    private NotifyEvents() {
    }

    /** Every Dialtone topic, for an {@code event.topics} filter. */
    public static final String ALL = "dialtone/*";

    /** Every call topic. */
    public static final String CALL_ALL = "dialtone/call/*";

    /**
     * A call came in on a line and is offered to handsets or ports. Properties: {@link #CALL_ID},
     * {@link #DIRECTION} ({@link #IN}), {@link #CALLER}, {@link #CALLER_NAME}, {@link #CALLED},
     * {@link #LINE}, {@link #ORIGIN}, {@link #TARGETS}.
     */
    public static final String CALL_RING = "dialtone/call/RING";

    /**
     * A handset or port calls: out through a line ({@link #OUT}) or to another handset or port
     * ({@link #INTERNAL}). Properties: {@link #CALL_ID}, {@link #DIRECTION}, {@link #EXTENSION} (of
     * the caller), {@link #CALLER}, {@link #CALLER_NAME}, {@link #CALLED}, {@link #LINE} (outgoing
     * only), {@link #ORIGIN}, {@link #TARGETS}.
     */
    public static final String CALL_CALL = "dialtone/call/CALL";

    /**
     * One target rings (once per target). Properties: {@link #CALL_ID}, {@link #DIRECTION},
     * {@link #PARTICIPANT} (the one ringing), {@link #EXTENSION} (its number, for a handset or port).
     */
    public static final String CALL_ALERTING = "dialtone/call/ALERTING";

    /**
     * A target answered. Properties: {@link #CALL_ID}, {@link #DIRECTION}, {@link #PARTICIPANT}
     * (the one that answered), {@link #EXTENSION} (the handset or port talking: the one that
     * answered an incoming or internal call, the caller of an outgoing one), {@link #NUMBER} (the
     * other party's number), {@link #LINE}.
     */
    public static final String CALL_CONNECT = "dialtone/call/CONNECT";

    /**
     * The call ended. Properties: {@link #CALL_ID}, {@link #DIRECTION}, {@link #DURATION} (seconds
     * talked, a {@code Long}; 0 for a call never answered), {@link #REASON}, {@link #REASON_TEXT},
     * {@link #ANSWERED} (a {@code Boolean}: false for a missed or failed call), {@link #LINE},
     * {@link #EXTENSION}.
     */
    public static final String CALL_DISCONNECT = "dialtone/call/DISCONNECT";

    /**
     * A line registered with its SIP server (a refresh of the registration is not announced again).
     * Properties: {@link #PARTICIPANT} (the line's name).
     */
    public static final String LINE_REGISTERED = "dialtone/line/REGISTERED";

    /**
     * A registered line lost its registration (the server refused it or did not answer) or was
     * stopped. Properties: {@link #PARTICIPANT}, {@link #REASON_TEXT} (the server's refusal as the
     * line reports it, or {@code line stopped} when its account was removed, changed or switched off).
     */
    public static final String LINE_UNREGISTERED = "dialtone/line/UNREGISTERED";

    /**
     * A handset subscribed to the base, or came back from the saved subscriptions when the exchange
     * started. Properties: {@link #PARTICIPANT}, {@link #NUMBER} (its internal number).
     */
    public static final String HANDSET_SUBSCRIBED = "dialtone/handset/SUBSCRIBED";

    /**
     * A handset's subscription was deleted, or the DECT side stopped. Properties: {@link #PARTICIPANT},
     * {@link #NUMBER}.
     */
    public static final String HANDSET_REMOVED = "dialtone/handset/REMOVED";

    /**
     * A DECT base or FXS adapter was plugged in (real or emulated). Properties: {@link #DEVICE_KIND},
     * {@link #DEVICE_SERIAL}, {@link #DEVICE_REVISION}.
     */
    public static final String DONGLE_PLUGGED = "dialtone/dongle/PLUGGED";

    /** A dongle was unplugged. Properties: {@link #DEVICE_KIND}, {@link #DEVICE_SERIAL}, {@link #DEVICE_REVISION}. */
    public static final String DONGLE_UNPLUGGED = "dialtone/dongle/UNPLUGGED";

    /** When it happened: milliseconds since the epoch, a {@code Long} (the Event Admin's own key). */
    public static final String TIMESTAMP = "timestamp";

    /** The call's id, such as {@code c17}; the same id as in the log. */
    public static final String CALL_ID = "call.id";

    /** {@link #IN}, {@link #OUT} or {@link #INTERNAL}. */
    public static final String DIRECTION = "direction";

    /** {@link #DIRECTION} of a call that came in on a line. */
    public static final String IN = "in";

    /** {@link #DIRECTION} of a call from a handset or port out through a line. */
    public static final String OUT = "out";

    /** {@link #DIRECTION} of a call between handsets and ports, with no line. */
    public static final String INTERNAL = "internal";

    /** The calling number as offered (empty for an anonymous caller). */
    public static final String CALLER = "caller";

    /** The caller's name when known (from the network or the phonebook). */
    public static final String CALLER_NAME = "caller.name";

    /** The number called, as dialled or as the network gave it. */
    public static final String CALLED = "called";

    /** The name of the line (SIP account) the call runs through, such as {@code line/home}. */
    public static final String LINE = "line";

    /** The internal number of the handset or port concerned. */
    public static final String EXTENSION = "extension";

    /** The name of the participant that placed the call. */
    public static final String ORIGIN = "origin";

    /** The names of the participants the call was offered to, a {@code String[]}. */
    public static final String TARGETS = "targets";

    /** The name of the participant an event is about, such as {@code dect/2}. */
    public static final String PARTICIPANT = "participant";

    /** A phone number: the other party's on {@link #CALL_CONNECT}, a handset's own on handset events. */
    public static final String NUMBER = "number";

    /** Seconds talked, a {@code Long}. */
    public static final String DURATION = "duration";

    /** Why the call ended: the name of a {@code dialtone.core.call.Reason}, such as {@code NORMAL}. */
    public static final String REASON = "reason";

    /** The reason in words. */
    public static final String REASON_TEXT = "reason.text";

    /** Whether anyone answered the call, a {@code Boolean}. */
    public static final String ANSWERED = "answered";

    /** The kind of dongle: {@code dect} or {@code fxs}. */
    public static final String DEVICE_KIND = "device.kind";

    /** The dongle's USB serial number. */
    public static final String DEVICE_SERIAL = "device.serial";

    /** The dongle's revision (the USB device release), as a decimal string such as {@code 2}. */
    public static final String DEVICE_REVISION = "device.revision";
}
