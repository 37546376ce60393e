/**
 * The events Dialtone publishes through the OSGi Event Admin service: topic names and property
 * keys. The call core's steps are published by this bundle; other bundles publish the line,
 * handset and dongle events themselves under the topics named here, and every event under
 * {@link dialtone.notify.NotifyEvents#ALL} also reaches the JSON lines feed.
 */
@Export
@Version("1.0.0")
package dialtone.notify;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
