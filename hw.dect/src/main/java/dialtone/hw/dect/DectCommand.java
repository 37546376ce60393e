package dialtone.hw.dect;

import java.util.List;
import java.util.Objects;

import dialtone.core.call.CallerId;
import dialtone.core.call.Codec;
import dialtone.core.call.Reason;

/** What the handset model asks of a base. Immutable; handed from the call-core thread to the driver. */
public sealed interface DectCommand {

    /** Asks the base what it is; it answers with {@link DectEvent.BaseReady}. */
    record Hello() implements DectCommand {
    }

    /** Opens or closes the registration window in which new handsets may subscribe. */
    record RegistrationWindow(boolean open) implements DectCommand {
    }

    /** Stores a subscription in the base: accepts a new handset, renames one, or restores one onto another base. */
    record Subscribe(Subscription subscription) implements DectCommand {
        public Subscribe {
            Objects.requireNonNull(subscription, "subscription");
        }
    }

    /** Refuses a handset that asked to subscribe. */
    record Refuse(String ipui) implements DectCommand {
        public Refuse {
            Objects.requireNonNull(ipui, "ipui");
        }
    }

    /** Removes a handset from the base. */
    record Delete(int handset) implements DectCommand {
    }

    /** Offers a call to a handset: it rings showing the caller; codecs in order of preference. */
    record Setup(int handset, CallerId caller, List<Codec> codecs) implements DectCommand {
        public Setup {
            Objects.requireNonNull(caller, "caller");
            codecs = List.copyOf(codecs);
        }
    }

    /**
     * The far side of the handset's outgoing call rings. With {@code inband} it plays its own
     * ringing or an announcement in that codec (early media), and the base opens the handset's
     * voice channel now rather than at {@link Connect}; null when the handset makes its own
     * ringback tone. {@code inband} was added in 1.1.0.
     */
    record Alerting(int handset, Codec inband) implements DectCommand {
        public Alerting(int handset) {
            this(handset, null);
        }
    }

    /** The far side of the handset's outgoing call answered; voice flows with this codec. */
    record Connect(int handset, Codec codec) implements DectCommand {
        public Connect {
            Objects.requireNonNull(codec, "codec");
        }
    }

    /** Ends the handset's call. */
    record Release(int handset, Reason reason) implements DectCommand {
        public Release {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Shows text on the handset's display. */
    record Display(int handset, String text) implements DectCommand {
        public Display {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Starts or stops paging: every handset rings briefly so it can be found. */
    record Page(boolean on) implements DectCommand {
    }
}
