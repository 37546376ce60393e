package dialtone.hw.usb.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;

import org.usb4java.ConfigDescriptor;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceHandle;
import org.usb4java.EndpointDescriptor;
import org.usb4java.LibUsb;

import dialtone.hw.usb.DeviceLink;
import dialtone.hw.usb.UsbDevice;

/** A device libusb found; its link is the first bulk IN and OUT endpoint of interface 0. */
final class LibUsbDevice implements UsbDevice {

    private final Device device;
    private final int vendor;
    private final int product;
    private final int revision;
    private final String serial;

    LibUsbDevice(Device device, int vendor, int product, int revision, String serial) {
        this.device = device;
        this.vendor = vendor;
        this.product = product;
        this.revision = revision;
        this.serial = serial;
    }

    /** The serial string, or the device's place on the bus when it has none or cannot be opened. */
    static String serial(Device device, DeviceDescriptor descriptor, String fallback) {
        if (descriptor.iSerialNumber() == 0) {
            return fallback;
        }
        DeviceHandle handle = new DeviceHandle();
        if (LibUsb.open(device, handle) != LibUsb.SUCCESS) {
            return fallback;
        }
        try {
            String serial = LibUsb.getStringDescriptor(handle, descriptor.iSerialNumber());
            return serial == null || serial.isBlank() ? fallback : serial.strip();
        } catch (RuntimeException e) {
            return fallback;
        } finally {
            LibUsb.close(handle);
        }
    }

    @Override
    public int vendorId() {
        return vendor;
    }

    @Override
    public int productId() {
        return product;
    }

    @Override
    public int revision() {
        return revision;
    }

    @Override
    public String serial() {
        return serial;
    }

    @Override
    public DeviceLink open() throws IOException {
        DeviceHandle handle = new DeviceHandle();
        check(LibUsb.open(device, handle), "open");
        try {
            LibUsb.setAutoDetachKernelDriver(handle, true);
            check(LibUsb.claimInterface(handle, 0), "claim interface 0");
            byte in = 0;
            byte out = 0;
            ConfigDescriptor config = new ConfigDescriptor();
            check(LibUsb.getActiveConfigDescriptor(device, config), "read the configuration");
            try {
                for (EndpointDescriptor endpoint : config.iface()[0].altsetting()[0].endpoint()) {
                    if ((endpoint.bmAttributes() & LibUsb.TRANSFER_TYPE_MASK) != LibUsb.TRANSFER_TYPE_BULK) {
                        continue;
                    }
                    byte address = endpoint.bEndpointAddress();
                    if ((address & LibUsb.ENDPOINT_DIR_MASK) == LibUsb.ENDPOINT_IN) {
                        in = in == 0 ? address : in;
                    } else {
                        out = out == 0 ? address : out;
                    }
                }
            } finally {
                LibUsb.freeConfigDescriptor(config);
            }
            if (in == 0 || out == 0) {
                throw new IOException(serial + ": interface 0 has no bulk IN and OUT endpoints");
            }
            return new Link(handle, in, out);
        } catch (IOException | RuntimeException e) {
            LibUsb.close(handle);
            throw e;
        }
    }

    private void check(int result, String what) throws IOException {
        if (result < 0) {
            throw new IOException(serial + ": cannot " + what + ": " + LibUsb.strError(result));
        }
    }

    /** Bulk transfers on a claimed interface. Each direction is used by one driver thread. */
    private final class Link implements DeviceLink {
        private final DeviceHandle handle;
        private final byte in;
        private final byte out;
        private final ByteBuffer inBuffer = ByteBuffer.allocateDirect(1024);
        private final IntBuffer inCount = IntBuffer.allocate(1);
        private volatile boolean closed;

        Link(DeviceHandle handle, byte in, byte out) {
            this.handle = handle;
            this.in = in;
            this.out = out;
        }

        @Override
        public synchronized void send(byte[] bytes, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException(serial + ": link closed");
            }
            ByteBuffer data = ByteBuffer.allocateDirect(length);
            data.put(bytes, offset, length).flip();
            IntBuffer sent = IntBuffer.allocate(1);
            int result = LibUsb.bulkTransfer(handle, out, data, sent, 1000);
            if (result < 0) {
                throw new IOException(serial + ": send failed: " + LibUsb.strError(result));
            }
        }

        @Override
        public int receive(byte[] buffer, int timeoutMillis) throws IOException {
            if (closed) {
                throw new IOException(serial + ": link closed");
            }
            inBuffer.clear();
            inCount.clear();
            int result = LibUsb.bulkTransfer(handle, in, inBuffer, inCount, timeoutMillis);
            if (result == LibUsb.ERROR_TIMEOUT) {
                return 0;
            }
            if (result < 0) {
                throw new IOException(serial + ": receive failed: " + LibUsb.strError(result));
            }
            int n = Math.min(inCount.get(0), buffer.length);
            inBuffer.get(buffer, 0, n);
            return n;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            LibUsb.releaseInterface(handle, 0);
            LibUsb.close(handle);
        }
    }
}
