package dialtone.audio.dev.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dialtone.audio.dev.AudioPaths;
import dialtone.audio.dev.PathStats;

/** The {@code audio} shell scope. */
@Component(service = AudioCommands.class, immediate = true)
@GogoCommand(scope = "audio", function = { "paths" })
public final class AudioCommands {

    private final AudioPaths audio;

    @Activate
    public AudioCommands(@Reference AudioPaths audio) {
        this.audio = audio;
    }

    @Descriptor("lists the voice paths: codec, endpoints, packets in and out, lost, late, jitter")
    public List<String> paths() {
        List<String> lines = new ArrayList<>();
        for (PathStats path : audio.paths()) {
            lines.add(String.format("%s%s %s %s -> %s%s%s in=%d out=%d lost=%d late=%d dup=%d jitter=%.1fms buffer=%d/%d"
                    + " events in=%d out=%d", path.call().isEmpty() ? "" : path.call() + " ", path.name(), path.codec(), path.local(),
                    path.remote() == null ? "-" : path.remote(), path.tone() == dialtone.audio.dev.Tone.NONE ? ""
                            : " tone=" + path.tone(), path.held() ? " HELD" : "", path.packetsIn(),
                    path.packetsOut(), path.lost(), path.late(), path.duplicates(), path.jitterMillis(), path.depth(),
                    path.target(), path.eventsIn(), path.eventsOut()));
        }
        if (audio instanceof VoiceEngine engine) {
            org.HdrHistogram.Histogram late = engine.lateness();
            lines.add(String.format("voice thread: %s, %d ticks, late p50=%dus p99=%dus p99.9=%dus max=%dus, %d/%d paths",
                    engine.scheduling(), engine.ticks(), late.getValueAtPercentile(50), late.getValueAtPercentile(99),
                    late.getValueAtPercentile(99.9), late.getMaxValue(), audio.active(), engine.capacity()));
        }
        return lines;
    }
}
