package dialtone.core.call;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything the call-core thread handles arrives as one of these records, through the
 * {@link Inbox}. They are immutable; the legs they name are read only on the call-core thread.
 */
public sealed interface Message {

    /** An event from a lower half (a SIP stack, a driver, the shell) for the recipient that owns it. */
    record Delivery<E>(Consumer<? super E> recipient, E event) implements Message {
        public Delivery {
            Objects.requireNonNull(recipient, "recipient");
        }
    }

    /** A timer expired; its action runs unless the timer was cancelled first. */
    record Timeout(Timer timer, Runnable action) implements Message {
        public Timeout {
            Objects.requireNonNull(timer, "timer");
            Objects.requireNonNull(action, "action");
        }
    }

    /** What a participant did on its leg of a call; the {@link Call} turns it into commands for the others. */
    sealed interface Signal extends Message {
        Leg leg();
    }

    /** The participant is ringing. */
    record Alerting(Leg leg) implements Signal {
        public Alerting {
            Objects.requireNonNull(leg, "leg");
        }
    }

    /** The participant answered, sending and accepting the given media. */
    record Answer(Leg leg, Media media) implements Signal {
        public Answer {
            Objects.requireNonNull(leg, "leg");
            Objects.requireNonNull(media, "media");
        }
    }

    /** The participant hung up, gave up or refused. */
    record Release(Leg leg, Reason reason) implements Signal {
        public Release {
            Objects.requireNonNull(leg, "leg");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Keypad digits (0-9, *, #, A-D) from the participant. */
    record Digits(Leg leg, String digits) implements Signal {
        public Digits {
            Objects.requireNonNull(leg, "leg");
            if (digits == null || !digits.matches("[0-9*#A-D]+")) {
                throw new IllegalArgumentException("digits must be 0-9, *, #, A-D: " + digits);
            }
        }
    }

    /** The participant put the call on hold. */
    record Hold(Leg leg) implements Signal {
        public Hold {
            Objects.requireNonNull(leg, "leg");
        }
    }

    /** The participant took the call off hold. */
    record Resume(Leg leg) implements Signal {
        public Resume {
            Objects.requireNonNull(leg, "leg");
        }
    }

    /**
     * The participant's media is now {@code media}. In a connected call it moved (a SIP re-offer
     * with another RTP endpoint or codecs); from a target before the answer it is early media, the
     * tones or announcements the far side plays while it rings (a SIP 183 with SDP).
     */
    record MediaUpdate(Leg leg, Media media) implements Signal {
        public MediaUpdate {
            Objects.requireNonNull(leg, "leg");
            Objects.requireNonNull(media, "media");
        }
    }
}
