package dialtone.core.call;

import java.util.Objects;

/**
 * A call as offered: who calls, the number called (as dialled or as the network gave it), and the
 * caller's media.
 */
public record Offer(CallerId caller, String called, Media media) {

    public Offer {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(called, "called");
        Objects.requireNonNull(media, "media");
    }

    /** The same offer with another caller id, for example once the phonebook named the caller. */
    public Offer withCaller(CallerId newCaller) {
        return new Offer(newCaller, called, media);
    }
}
