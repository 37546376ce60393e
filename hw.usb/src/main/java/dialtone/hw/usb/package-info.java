/**
 * USB devices as OSGi services. Discovery (libusb hot-plug, or an emulator's plug command)
 * registers a {@link UsbDevice} with its vendor id, product id, revision and serial as service
 * properties; a driver component selects its devices by a filter on them and talks to the device
 * through a {@link DeviceLink}.
 */
@Export
@Version("1.0.0")
package dialtone.hw.usb;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
