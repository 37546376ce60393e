package dialtone.core.call;

import java.util.Objects;

/**
 * Who is calling: the number as the network gave it, and a name (empty when unknown).
 * An anonymous caller has an empty number.
 */
public record CallerId(String number, String name) {

    public CallerId {
        Objects.requireNonNull(number, "number");
        name = name == null ? "" : name;
    }

    public static CallerId of(String number) {
        return new CallerId(number, "");
    }

    /** The same number with the name a look-up found. */
    public CallerId withName(String newName) {
        return new CallerId(number, newName);
    }

    @Override
    public String toString() {
        return name.isEmpty() ? number : name + " <" + number + ">";
    }
}
