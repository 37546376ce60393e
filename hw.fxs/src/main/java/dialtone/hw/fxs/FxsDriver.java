package dialtone.hw.fxs;

import org.osgi.annotation.versioning.ProviderType;

/** What a vendor driver bundle offers the port proxies for one plugged FXS adapter. */
@ProviderType
public interface FxsDriver {

    /** How many analog lines the adapter has. */
    int ports();
}
