package dialtone.audio.dev.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dialtone.audio.dev.AudioPaths;

/**
 * Runs the voice engine while the bundle is active and offers it as the {@link AudioPaths} service.
 * A new configuration restarts the component (the sockets are bound again).
 */
@Component(service = AudioPaths.class, immediate = true, configurationPid = AudioComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AudioComponent.Config.class)
public final class AudioComponent extends VoiceEngine {

    static final String PID = "dialtone.audio.dev";

    private static final Logger log = LoggerFactory.getLogger(AudioComponent.class);

    @ObjectClassDefinition(name = "Dialtone voice paths", description = "RTP ports, jitter buffer and local tones.")
    public @interface Config {
        @AttributeDefinition(name = "RTP address", description = "The local address RTP is received on and offered in calls.")
        String rtp_address() default "127.0.0.1";

        @AttributeDefinition(name = "First RTP port", min = "1024", max = "65534")
        int rtp_port_min() default 26000;

        @AttributeDefinition(name = "Last RTP port", min = "1024", max = "65534",
                description = "Every even port of the range carries one path.")
        int rtp_port_max() default 26063;

        @AttributeDefinition(name = "Country", description = "Whose dial, ringback, busy and congestion tones to play.",
                options = { @org.osgi.service.metatype.annotations.Option(value = "us"),
                        @org.osgi.service.metatype.annotations.Option(value = "de"),
                        @org.osgi.service.metatype.annotations.Option(value = "gb"),
                        @org.osgi.service.metatype.annotations.Option(value = "fr") })
        String country() default "us";

        @AttributeDefinition(name = "Jitter buffer minimum (frames)", min = "1", max = "15")
        int jitter_min_frames() default 2;

        @AttributeDefinition(name = "Jitter buffer maximum (frames)", min = "1", max = "15")
        int jitter_max_frames() default 10;

        @AttributeDefinition(name = "Voice thread real-time priority", min = "0", max = "99",
                description = "SCHED_FIFO priority the voice thread asks for (needs root or CAP_SYS_NICE); 0 for the normal policy.")
        int voice_realtime_priority() default 10;
    }

    @Activate
    public AudioComponent(Config config) throws IOException {
        super(config.rtp_address(), port("rtp.port.min", config.rtp_port_min(), 26000),
                Math.max(port("rtp.port.max", config.rtp_port_max(), 26063), port("rtp.port.min", config.rtp_port_min(), 26000)),
                checkedCountry(config.country()), frames("jitter.min.frames", config.jitter_min_frames(), 2),
                Math.max(frames("jitter.min.frames", config.jitter_min_frames(), 2),
                        frames("jitter.max.frames", config.jitter_max_frames(), 10)),
                priority(config.voice_realtime_priority()));
        start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stop();
    }

    private static int port(String field, int value, int fallback) {
        if (value >= 1024 && value <= 65534) {
            return value;
        }
        log.error("configuration {}: {} = {} refused: must be 1024-65534; using {}", PID, field, value, fallback);
        return fallback;
    }

    private static int frames(String field, int value, int fallback) {
        if (value >= 1 && value <= 15) {
            return value;
        }
        log.error("configuration {}: {} = {} refused: must be 1-15; using {}", PID, field, value, fallback);
        return fallback;
    }

    private static int priority(int value) {
        if (value >= 0 && value <= 99) {
            return value;
        }
        log.error("configuration {}: voice.realtime.priority = {} refused: must be 0-99; using 10", PID, value);
        return 10;
    }

    private static String checkedCountry(String value) {
        if (value != null && TonePlan.of(value) != null) {
            return value;
        }
        log.error("configuration {}: country = {} refused: known are {}; using us", PID, value, TonePlan.countries());
        return "us";
    }
}
