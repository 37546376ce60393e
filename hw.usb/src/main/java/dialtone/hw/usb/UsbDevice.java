package dialtone.hw.usb;

import java.io.IOException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A plugged USB device. It is registered as a service with the properties named here, so a driver
 * can select it with a filter such as {@code (&(usb.vendor=4660)(usb.product=1)(usb.revision=2))}.
 * The service goes away when the device is unplugged.
 */
@ProviderType
public interface UsbDevice {

    /** Service property: the vendor id (idVendor), an Integer. */
    String VENDOR = "usb.vendor";
    /** Service property: the product id (idProduct), an Integer. */
    String PRODUCT = "usb.product";
    /** Service property: the device release (bcdDevice), an Integer. */
    String REVISION = "usb.revision";
    /** Service property: the serial number, a String. */
    String SERIAL = "usb.serial";
    /** Service property: where it came from, {@code usb} or {@code emulator}. */
    String SOURCE = "usb.source";

    int vendorId();

    int productId();

    int revision();

    String serial();

    /** Opens the device's byte link; one driver at a time holds it. Blocking: call off the call-core thread. */
    DeviceLink open() throws IOException;
}
