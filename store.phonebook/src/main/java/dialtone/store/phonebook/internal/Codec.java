package dialtone.store.phonebook.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dialtone.store.phonebook.CallKind;
import dialtone.store.phonebook.CallRecord;
import dialtone.store.phonebook.Contact;
import dialtone.store.phonebook.ContactNumber;

/**
 * The bytes a contact or a call record is stored as. MapDB keeps them as plain byte arrays, so
 * the file never depends on Java serialization of our classes (which breaks across bundle
 * updates); the first byte is the format version, so a later format can still read this one.
 */
final class Codec {

    private static final int VERSION = 1;

    private Codec() {
    }

    static byte[] contact(Contact contact) {
        return write(out -> {
            out.writeUTF(contact.name());
            out.writeBoolean(contact.favourite());
            out.writeShort(contact.numbers().size());
            for (ContactNumber number : contact.numbers()) {
                out.writeByte(number.type().ordinal());
                out.writeUTF(number.number());
            }
        });
    }

    static Contact contact(long id, byte[] bytes) {
        return read(bytes, in -> {
            String name = in.readUTF();
            boolean favourite = in.readBoolean();
            int count = in.readUnsignedShort();
            List<ContactNumber> numbers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ContactNumber.Type type = ContactNumber.Type.values()[in.readUnsignedByte()];
                numbers.add(new ContactNumber(type, in.readUTF()));
            }
            return new Contact(id, name, numbers, favourite);
        });
    }

    static byte[] call(CallRecord call) {
        return write(out -> {
            out.writeByte(call.kind().ordinal());
            out.writeLong(call.start().getEpochSecond());
            out.writeInt(call.start().getNano());
            out.writeLong(call.duration().toMillis());
            out.writeUTF(call.line());
            out.writeUTF(call.device());
            out.writeUTF(call.remote());
            out.writeUTF(call.name());
            out.writeBoolean(call.seen());
        });
    }

    static CallRecord call(long id, byte[] bytes) {
        return read(bytes, in -> {
            CallKind kind = CallKind.values()[in.readUnsignedByte()];
            Instant start = Instant.ofEpochSecond(in.readLong(), in.readInt());
            Duration duration = Duration.ofMillis(in.readLong());
            return new CallRecord(id, kind, start, duration, in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(),
                    in.readBoolean());
        });
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IOException("unknown record format " + version);
            }
            return reader.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable record: " + e.getMessage(), e);
        }
    }
}
