package dialtone.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The broken driver updates of {@code target/repos} fail the way their scenario names say, and
 * only that way: each resolves and starts beside the real revision-1 driver while a revision-1
 * dongle is plugged; the one of {@code activation-fails} fails on activation, the one of
 * {@code never-binds} stays unsatisfied; neither yields a driver, and the real driver keeps the
 * dongle. (Felix SCR keeps the failed component's service registered, its {@code getService}
 * answering null: a check for "the update's driver is there" has to get the service or read the
 * component's state, not only look for a registration.) Installed here by hand; the repository itself installs them in its own tests.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriverFixturesIT extends DialtoneTestBase {

    private static final Path REPOS = Path.of(System.getProperty("dialtone.itest.repos", "target/repos"));

    @After
    public void unplug() throws Exception {
        shell("emu:unplug dect");
    }

    @Test
    public void activationFailsThrowsOnActivationBesideTheRealDriver() throws Exception {
        ComponentConfigurationDTO configuration = withFixture("activation-fails", "9.0.0",
                ComponentConfigurationDTO.FAILED_ACTIVATION);
        assertTrue("failure: " + configuration.failure, configuration.failure.contains("refuses to start on EMU-DECT-R1"));
    }

    @Test
    public void neverBindsWaitsForADeviceThatNeverAppears() throws Exception {
        ComponentConfigurationDTO configuration = withFixture("never-binds", "9.1.0",
                ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        assertEquals(1, configuration.unsatisfiedReferences.length);
        assertEquals("device", configuration.unsatisfiedReferences[0].name);
    }

    /**
     * Plugs a revision-1 dongle, installs and starts the scenario's bundle, waits until its one
     * component reaches {@code state}, checks that it registered nothing and that the real driver
     * still serves the dongle, and uninstalls it again.
     */
    private ComponentConfigurationDTO withFixture(String scenario, String version, int state) throws Exception {
        assertTrue(shell("emu:plug dect 1").contains("revision 1"));
        awaitShell("dect:base", "driver   rev1 driver 1.1.0");

        Path jar = REPOS.resolve(scenario).resolve("dialtone.hw.dect.rev1-" + version + ".jar");
        assertTrue(jar + " built", Files.isRegularFile(jar));
        Bundle fixture = context.installBundle(jar.toUri().toString());
        try {
            assertEquals("dialtone.hw.dect.rev1", fixture.getSymbolicName());
            assertEquals(version, fixture.getVersion().toString());
            fixture.start();
            assertEquals("the fixture resolves and starts", Bundle.ACTIVE, fixture.getState());

            ServiceReference<ServiceComponentRuntime> reference = context.getServiceReference(ServiceComponentRuntime.class);
            ServiceComponentRuntime scr = context.getService(reference);
            try {
                ComponentConfigurationDTO configuration = await(() -> {
                    List<ComponentDescriptionDTO> descriptions = List.copyOf(scr.getComponentDescriptionDTOs(fixture));
                    if (descriptions.size() != 1) {
                        return null;
                    }
                    for (ComponentConfigurationDTO candidate : scr.getComponentConfigurationDTOs(descriptions.get(0))) {
                        if (candidate.state == state) {
                            return candidate;
                        }
                    }
                    return null;
                }, scenario + "'s component in state " + state);

                // SCR may keep an immediate component's service registered after its activation
                // failed; getting it then yields nothing. Either way there is no driver to use.
                ServiceReference<?>[] registered = fixture.getRegisteredServices();
                for (ServiceReference<?> service : registered == null ? new ServiceReference<?>[0] : registered) {
                    try {
                        assertNull(scenario + " yields no driver object", context.getService(service));
                    } finally {
                        context.ungetService(service);
                    }
                }
                if (state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    assertNull(scenario + " registers no service", registered);
                }
                String base = shell("dect:base");
                assertTrue("the real driver keeps the dongle: " + base, base.contains("driver   rev1 driver 1.1.0"));
                return configuration;
            } finally {
                context.ungetService(reference);
            }
        } finally {
            fixture.uninstall();
        }
    }
}
