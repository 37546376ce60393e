package dialtone.sip.line.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A validated SIP account. {@link #from} refuses a wrong value with an {@link InvalidAccount} that
 * names the field, so one bad file never takes the other accounts down. The password is held but
 * never shown: {@link #toString()} leaves it out.
 */
record Account(String name, boolean enabled, HostPort registrar, HostPort proxy, String user, String authUser,
        String password, String domain, String displayName, String localAddress, int localPort, String transport,
        int expires, List<HostPort> trusted, String rtpAddress, int rtpFirst, int rtpLast) {

    private static final Pattern USER = Pattern.compile("[A-Za-z0-9\\-_.!~*'()&=+$,;?/%]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

    /** A configuration value that cannot work, and the field it is in. */
    static final class InvalidAccount extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;

        InvalidAccount(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }
    }

    /** A host and a port; the host is resolved when the account is validated. */
    record HostPort(String host, int port) {
        static HostPort parse(String field, String text, int defaultPort) throws InvalidAccount {
            String value = text.trim();
            int colon = value.lastIndexOf(':');
            String host = value;
            int port = defaultPort;
            if (value.startsWith("[")) {
                int close = value.indexOf(']');
                if (close < 0) {
                    throw new InvalidAccount(field, "unbalanced [ in '" + value + "'");
                }
                host = value.substring(1, close);
                colon = value.indexOf(':', close);
            } else if (colon > 0 && value.indexOf(':') == colon) {
                host = value.substring(0, colon);
            } else {
                colon = -1;
            }
            if (colon > 0) {
                try {
                    port = Integer.parseInt(value.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new InvalidAccount(field, "port '" + value.substring(colon + 1) + "' is not a number");
                }
            }
            if (host.isEmpty()) {
                throw new InvalidAccount(field, "no host in '" + value + "'");
            }
            if (port < 1 || port > 65535) {
                throw new InvalidAccount(field, "port " + port + " is out of range 1-65535");
            }
            return new HostPort(host, port);
        }

        InetSocketAddress resolve(String field) throws InvalidAccount {
            try {
                return new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (UnknownHostException e) {
                throw new InvalidAccount(field, "host '" + host + "' does not resolve");
            }
        }

        @Override
        public String toString() {
            return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    Account {
        trusted = List.copyOf(trusted);
    }

    /**
     * Checks every field. Host names are resolved here (on the configuration thread, never on the
     * call-core thread), so an unresolvable one is refused at once with its field.
     */
    static Account from(String fallbackName, AccountConfig config) throws InvalidAccount {
        String name = config.name().isBlank() ? fallbackName : config.name().trim();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidAccount("name", "'" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        if (config.registrar().isBlank()) {
            throw new InvalidAccount("registrar", "missing");
        }
        HostPort registrar = HostPort.parse("registrar", config.registrar(), 5060);
        registrar.resolve("registrar");
        HostPort proxy = null;
        if (!config.proxy().isBlank()) {
            proxy = HostPort.parse("proxy", config.proxy(), 5060);
            proxy.resolve("proxy");
        }
        String user = config.user().trim();
        if (user.isEmpty()) {
            throw new InvalidAccount("user", "missing");
        }
        if (!USER.matcher(user).matches()) {
            throw new InvalidAccount("user", "'" + user + "' has characters a SIP user part cannot carry");
        }
        String authUser = config.auth_user().isBlank() ? user : config.auth_user().trim();
        String domain = config.domain().isBlank() ? registrar.host() : config.domain().trim();
        if (domain.contains(" ") || domain.contains("@")) {
            throw new InvalidAccount("domain", "'" + domain + "' is not a host name");
        }
        int localPort = config.local_port();
        if (localPort < 1 || localPort > 65535) {
            throw new InvalidAccount("local.port", localPort + " is out of range 1-65535");
        }
        String transport = config.transport().trim().toLowerCase(java.util.Locale.ROOT);
        if (!transport.equals("udp") && !transport.equals("tcp")) {
            throw new InvalidAccount("transport", "'" + config.transport() + "' must be udp or tcp");
        }
        int expires = config.expires();
        if (expires < 60 || expires > 86400) {
            throw new InvalidAccount("expires", expires + " is out of range 60-86400 seconds");
        }
        String localAddress = config.local_address().trim();
        if (!localAddress.isEmpty()) {
            new HostPort(localAddress, localPort).resolve("local.address");
        }
        List<HostPort> trusted = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        for (String value : config.trusted()) {
            // A .cfg file gives a list as one comma-separated string.
            for (String part : value.split("[,\\s]+")) {
                entries.add(part);
            }
        }
        for (String entry : entries) {
            if (!entry.isBlank()) {
                // No port trusts every port of that host.
                boolean withPort = entry.trim().matches(".*[^:]:[0-9]+") || entry.trim().matches("\\[.*\\]:[0-9]+");
                HostPort hostPort = withPort ? HostPort.parse("trusted", entry, 5060)
                        : new HostPort(entry.trim().replaceAll("^\\[|\\]$", ""), 0);
                new HostPort(hostPort.host(), 1).resolve("trusted");
                trusted.add(hostPort);
            }
        }
        String rtpAddress = config.rtp_address().trim();
        if (!rtpAddress.isEmpty()) {
            new HostPort(rtpAddress, 1).resolve("rtp.address");
        }
        String[] range = config.rtp_ports().trim().split("-", 2);
        int rtpFirst;
        int rtpLast;
        try {
            rtpFirst = Integer.parseInt(range[0].trim());
            rtpLast = range.length > 1 ? Integer.parseInt(range[1].trim()) : rtpFirst + 1;
        } catch (NumberFormatException e) {
            throw new InvalidAccount("rtp.ports", "'" + config.rtp_ports() + "' is not first-last");
        }
        if (rtpFirst < 1024 || rtpLast > 65535 || rtpLast <= rtpFirst) {
            throw new InvalidAccount("rtp.ports", "'" + config.rtp_ports() + "' must be a range within 1024-65535");
        }
        return new Account(name, config.enabled(), registrar, proxy, user, authUser, config.password(), domain,
                config.display_name().trim(), localAddress, localPort, transport, expires, trusted, rtpAddress,
                rtpFirst, rtpLast);
    }

    /** {@code sip:user@domain}. */
    String aor() {
        return "sip:" + user + "@" + domain;
    }

    /** Where requests go first: the outbound proxy if there is one, else the registrar. */
    HostPort nextHop() {
        return proxy != null ? proxy : registrar;
    }

    @Override
    public String toString() {
        return name + " " + aor() + " via " + nextHop() + " (" + transport + ", port " + localPort + ")";
    }
}
