package dialtone.audio.dev;

import org.osgi.annotation.versioning.ProviderType;

/** Sets voice paths up and tears them down; the call core uses it, the frames never pass through it. */
@ProviderType
public interface AudioPaths {

    /** How many paths carry voice now. */
    int active();
}
