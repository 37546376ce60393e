package dialtone.hw.dect.rev2.frame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One revision-2 frame: a message id, a handset number (0 for the base) and tagged fields
 * (tag, length, value), in the order they were put.
 */
public record Rev2Frame(int msg, int handset, List<Field> fields) {

    /** One tagged field; the value is at most 255 bytes. */
    public record Field(int tag, byte[] value) {
        public Field {
            Objects.requireNonNull(value, "value");
            if (tag < 0 || tag > 255) {
                throw new IllegalArgumentException("a tag is one byte");
            }
            if (value.length > 255) {
                throw new IllegalArgumentException("field " + tag + " of " + value.length + " bytes exceeds 255");
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Field f && f.tag == tag && Arrays.equals(f.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * tag + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return Rev2Messages.tagName(tag) + "=" + new String(value, StandardCharsets.UTF_8);
        }
    }

    public Rev2Frame {
        fields = List.copyOf(fields);
        if (msg < 0 || msg > 255 || handset < 0 || handset > 255) {
            throw new IllegalArgumentException("message and handset are single bytes");
        }
    }

    public static Rev2Frame of(int msg, int handset) {
        return new Rev2Frame(msg, handset, List.of());
    }

    public Rev2Frame with(int tag, byte[] value) {
        List<Field> more = new ArrayList<>(fields);
        more.add(new Field(tag, value));
        return new Rev2Frame(msg, handset, more);
    }

    public Rev2Frame with(int tag, String text) {
        return with(tag, text.getBytes(StandardCharsets.UTF_8));
    }

    public Rev2Frame with(int tag, int value) {
        return with(tag, new byte[] { (byte) value });
    }

    /** The value of the first field with this tag, or null. */
    public byte[] bytes(int tag) {
        for (Field field : fields) {
            if (field.tag() == tag) {
                return field.value();
            }
        }
        return null;
    }

    public String text(int tag) {
        byte[] value = bytes(tag);
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }

    /** A one-byte field, or {@code absent}. */
    public int number(int tag, int absent) {
        byte[] value = bytes(tag);
        return value == null || value.length == 0 ? absent : value[0] & 0xFF;
    }

    @Override
    public String toString() {
        return Rev2Messages.name(msg) + "(hs " + handset + ", " + fields + ")";
    }
}
