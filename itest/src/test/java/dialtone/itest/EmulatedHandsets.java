package dialtone.itest;

import static org.junit.Assert.assertTrue;

/** Drives the emulated DECT base and its handsets through the shell, as a user would. */
final class EmulatedHandsets {

    private final DialtoneTestBase test;

    EmulatedHandsets(DialtoneTestBase test) {
        this.test = test;
    }

    /** Plugs a base of the given revision and subscribes the handsets in the given slots. */
    void plugAndSubscribe(int revision, int... slots) throws Exception {
        test.shell("emu:plug dect " + revision);
        test.awaitShell("dect:base", "revision " + revision);
        openRegistration();
        for (int slot : slots) {
            test.shell("emu:hs " + slot + " subscribe");
        }
        test.awaitShell("dect:base", "handsets " + slots.length + " subscribed, " + slots.length + " reachable");
    }

    /** Opens the registration window and waits until the base has it open. */
    void openRegistration() throws Exception {
        assertTrue(test.shell("dect:subscribe on").contains("registration open"));
        test.awaitShell("emu:list", "registration open");
    }

    /** Unplugs the base, deletes every subscription and switches every handset on again. */
    void reset() throws Exception {
        test.shell("emu:unplug dect");
        for (String line : test.shell("dect:handsets").split("\n")) {
            if (!line.isBlank() && Character.isDigit(line.charAt(0))) {
                test.shell("dect:delete " + line.substring(0, line.indexOf(' ')));
            }
        }
        for (int slot = 1; slot <= 6; slot++) {
            test.shell("emu:hs " + slot + " on");
        }
        test.awaitShell("dect:handsets", "no handsets subscribed");
    }

    String show(int slot) throws Exception {
        return test.shell("emu:hs " + slot);
    }

    void act(int slot, String action) throws Exception {
        test.shell("emu:hs " + slot + " " + action);
    }

    String await(int slot, String expected) throws Exception {
        return test.awaitShell("emu:hs " + slot, expected);
    }
}
