package dialtone.hw.usb;

import java.io.IOException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The bytes to and from a device, as its bulk endpoints carry them. Both calls block, so a
 * driver uses them on its own threads, never on the call-core thread.
 */
@ProviderType
public interface DeviceLink extends AutoCloseable {

    /** Sends bytes to the device (bulk OUT). */
    void send(byte[] bytes, int offset, int length) throws IOException;

    /**
     * Reads what the device sent (bulk IN) into {@code buffer}, waiting at most {@code timeoutMillis}.
     *
     * @return the number of bytes read, 0 on timeout
     * @throws IOException when the device is gone or the link was closed
     */
    int receive(byte[] buffer, int timeoutMillis) throws IOException;

    @Override
    void close();
}
