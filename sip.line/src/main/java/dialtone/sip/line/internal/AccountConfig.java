package dialtone.sip.line.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One SIP account: a factory configuration {@code dialtone.sip.line.account}, one
 * {@code etc/dialtone.sip.line.account-NAME.cfg} each. {@code _} in a method name is {@code .}
 * in the file.
 */
@ObjectClassDefinition(name = "Dialtone SIP account", description = "One SIP account at a provider: a Line.")
public @interface AccountConfig {

    String FACTORY_PID = "dialtone.sip.line.account";

    @AttributeDefinition(name = "Name", description = "The line's name (line/NAME); defaults to the file's suffix.")
    String name() default "";

    @AttributeDefinition(name = "Enabled", description = "false keeps the account configured but silent.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Registrar", description = "host or host:port of the registrar (port 5060 if none).")
    String registrar() default "";

    @AttributeDefinition(name = "Outbound proxy", required = false,
            description = "host or host:port every request is sent through; empty sends to the registrar/domain.")
    String proxy() default "";

    @AttributeDefinition(name = "User", description = "The user part of the address of record.")
    String user() default "";

    @AttributeDefinition(name = "Authentication user", required = false,
            description = "The digest user name, when it differs from the user.")
    String auth_user() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
    String password() default "";

    @AttributeDefinition(name = "Domain", required = false,
            description = "The domain of the address of record; defaults to the registrar's host.")
    String domain() default "";

    @AttributeDefinition(name = "Display name", required = false)
    String display_name() default "";

    @AttributeDefinition(name = "Local address", required = false,
            description = "The address to listen on and put in Contact; empty picks the one that reaches the registrar.")
    String local_address() default "";

    @AttributeDefinition(name = "Local port", min = "1", max = "65535")
    int local_port() default 5060;

    @AttributeDefinition(name = "Transport", options = { @Option(value = "udp", label = "UDP"),
            @Option(value = "tcp", label = "TCP") })
    String transport() default "udp";

    @AttributeDefinition(name = "Registration expiry (s)", min = "60", max = "86400")
    int expires() default 600;

    @AttributeDefinition(name = "Trusted addresses", required = false,
            description = "Further host or host:port sources allowed to call in, besides the registrar and proxy.")
    String[] trusted() default {};

    @AttributeDefinition(name = "RTP address", required = false,
            description = "The address put into SDP for voice; empty uses the local address.")
    String rtp_address() default "";

    @AttributeDefinition(name = "RTP ports", description = "first-last port range offered in SDP, one even port per call.")
    String rtp_ports() default "40000-40999";
}
