/**
 * The events Dialtone publishes through the OSGi Event Admin service: topic names and property
 * keys. This bundle publishes the call core's steps, and the line, handset and dongle events from
 * what those services show; other bundles may post their own events under {@code dialtone/}, and
 * every event under {@link dialtone.notify.NotifyEvents#ALL} reaches the JSON lines feed.
 */
@Export
@Version("1.0.0")
package dialtone.notify;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
