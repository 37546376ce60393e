package dialtone.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import dialtone.core.call.Participant;
import dialtone.sip.line.RegistrationState;
import dialtone.sip.line.SipLine;

/**
 * A SIP account a test gives the exchange, registering at the registrar on {@code registrarPort}
 * (a kamailio, unless {@code more} names a proxy): written into the test class's FileInstall
 * folder, and its line found by name. {@code more} holds further lines of the file as written
 * ({@code "transport = tcp\n"}, say).
 */
record SipAccount(String name, int registrarPort, String user, String password, int localPort, int expires,
        String rtpPorts, String more) {

    /** An account with nothing more than these. */
    SipAccount(String name, int registrarPort, String user, String password, int localPort, int expires,
            String rtpPorts) {
        this(name, registrarPort, user, password, localPort, expires, rtpPorts, "");
    }

    /** The file of this account's factory configuration. */
    String fileName() {
        return "dialtone.sip.line.account-" + name + ".cfg";
    }

    /** Writes the file in one move, so FileInstall never reads half of it. */
    void writeTo(Path etc) throws IOException {
        String text = "registrar = " + SipPeers.HOST + ":" + registrarPort + "\n"
                + "user = " + user + "\n"
                + "password = " + password + "\n"
                + "local.address = " + SipPeers.HOST + "\n"
                + "local.port = " + localPort + "\n"
                + "expires = " + expires + "\n"
                + "rtp.ports = " + rtpPorts + "\n"
                + more;
        Path file = etc.resolve(fileName());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The line of that account name, or null while there is none. */
    static SipLine line(BundleContext context, String name) throws InvalidSyntaxException {
        for (ServiceReference<SipLine> reference : context.getServiceReferences(SipLine.class, null)) {
            SipLine line = context.getService(reference);
            if (line.name().equals(name)) {
                return line;
            }
        }
        return null;
    }

    static boolean registered(BundleContext context, String name) throws Exception {
        SipLine line = line(context, name);
        return line != null && line.status().get(5, TimeUnit.SECONDS).state() == RegistrationState.REGISTERED;
    }

    /** Waits up to 20 s for the line of that account name to be registered. */
    static void awaitRegistered(BundleContext context, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!registered(context, name)) {
            if (System.nanoTime() > deadline) {
                SipLine line = line(context, name);
                throw new AssertionError("line " + name + " not registered within 20 s"
                        + (line == null ? "" : ": " + line.status().get(5, TimeUnit.SECONDS)));
            }
            Thread.sleep(50);
        }
    }

    /** The line of that account name as a call participant ({@code line/NAME}). */
    static Participant participant(BundleContext context, String name) throws InvalidSyntaxException {
        Collection<ServiceReference<Participant>> references = context.getServiceReferences(Participant.class,
                "(" + Participant.NAME + "=line/" + name + ")");
        if (references.size() != 1) {
            throw new AssertionError(references.size() + " participants named line/" + name);
        }
        return context.getService(references.iterator().next());
    }
}
