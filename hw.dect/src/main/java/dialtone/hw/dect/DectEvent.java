package dialtone.hw.dect;

import java.util.List;
import java.util.Objects;

import dialtone.core.call.Codec;
import dialtone.core.call.Reason;

/** What a base reports. Immutable; posted by the driver's threads to the handset model. */
public sealed interface DectEvent {

    /** The base answered and is ready. */
    record BaseReady(BaseInfo info) implements DectEvent {
        public BaseReady {
            Objects.requireNonNull(info, "info");
        }
    }

    /** A handset asks to subscribe while the registration window is open. */
    record SubscriptionRequest(String ipui, List<Codec> codecs) implements DectEvent {
        public SubscriptionRequest {
            Objects.requireNonNull(ipui, "ipui");
            codecs = List.copyOf(codecs);
        }
    }

    /** A subscribed handset came into range and switched on ({@code true}) or went away. */
    record Presence(int handset, boolean present) implements DectEvent {
    }

    /** The handset went off hook to dial. */
    record OffHook(int handset) implements DectEvent {
    }

    /** Keypad digits pressed on the handset (overlap dialling, or DTMF during a call). */
    record Keypad(int handset, String digits) implements DectEvent {
        public Keypad {
            Objects.requireNonNull(digits, "digits");
        }
    }

    /** The handset dialled a whole number at once (en-bloc) and wants the call placed. */
    record Dial(int handset, String number) implements DectEvent {
        public Dial {
            Objects.requireNonNull(number, "number");
        }
    }

    /** The handset offered a call rings. */
    record Alerting(int handset) implements DectEvent {
    }

    /** The handset answered the call it was offered, with this codec. */
    record Answer(int handset, Codec codec) implements DectEvent {
        public Answer {
            Objects.requireNonNull(codec, "codec");
        }
    }

    /** The handset hung up, refused the call, or its call was lost. */
    record Release(int handset, Reason reason) implements DectEvent {
        public Release {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The base or the driver refused something; the text says what and why. */
    record Failure(String description) implements DectEvent {
        public Failure {
            Objects.requireNonNull(description, "description");
        }
    }

    /** The link to the base is gone; no more events come from this driver. */
    record LinkLost(String description) implements DectEvent {
        public LinkLost {
            Objects.requireNonNull(description, "description");
        }
    }
}
