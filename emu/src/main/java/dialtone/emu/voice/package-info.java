/**
 * The voice of emulated phones and handsets: what their earpiece hears ({@link Ear}) and a test
 * signal their mouthpiece sends that can be checked byte for byte when it comes back
 * ({@link EmulatedVoice}).
 */
@Export
@Version("1.0.0")
package dialtone.emu.voice;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
