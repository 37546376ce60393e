package dialtone.sip.line.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Builds an {@link AccountConfig} the way Configuration Admin would: given values, else the defaults. */
final class Configs {

    private Configs() {
    }

    /** Keys are the file's names ({@code local.port}); values as the typed method returns them. */
    static AccountConfig account(Map<String, Object> values) {
        Map<String, Object> copy = new HashMap<>(values);
        return (AccountConfig) Proxy.newProxyInstance(AccountConfig.class.getClassLoader(),
                new Class<?>[] { AccountConfig.class }, (proxy, method, args) -> {
                    String key = method.getName().replace('_', '.');
                    if (copy.containsKey(key)) {
                        return copy.get(key);
                    }
                    if (method.getName().equals("annotationType")) {
                        return AccountConfig.class;
                    }
                    if (method.getName().equals("toString")) {
                        return "AccountConfig" + copy.keySet();
                    }
                    return method.getDefaultValue();
                });
    }
}
