package dialtone.hw.dect;

import org.osgi.annotation.versioning.ProviderType;

/** What a vendor driver bundle offers the handset proxies for one plugged DECT base. */
@ProviderType
public interface DectDriver {

    /** The dongle revision this driver speaks to. */
    int revision();
}
