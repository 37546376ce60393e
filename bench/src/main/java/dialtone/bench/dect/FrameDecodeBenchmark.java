package dialtone.bench.dect;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import dialtone.core.call.Codec;
import dialtone.hw.dect.link.FrameProtocol;
import dialtone.hw.dect.rev1.frame.Rev1Codec;
import dialtone.hw.dect.rev1.frame.Rev1Frame;
import dialtone.hw.dect.rev1.frame.Rev1Messages;
import dialtone.hw.dect.rev1.internal.Rev1Protocol;
import dialtone.hw.dect.rev2.frame.Rev2Codec;
import dialtone.hw.dect.rev2.frame.Rev2Frame;
import dialtone.hw.dect.rev2.frame.Rev2Messages;
import dialtone.hw.dect.rev2.internal.Rev2Protocol;

/**
 * How many frames per second a driver's reader turns from bytes into events, per revision: a
 * stream of {@value #FRAMES} typical frames from the base (keypad, alerting, answer, release,
 * presence) fed in 64-byte chunks, as USB bulk transfers deliver them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameDecodeBenchmark {

    static final int FRAMES = 100;

    private byte[] rev1;
    private byte[] rev2;

    @Setup
    public void frames() {
        List<Rev1Frame> one = new ArrayList<>();
        List<Rev2Frame> two = new ArrayList<>();
        for (int i = 0; i < FRAMES / 5; i++) {
            int hs = 1 + i % 6;
            one.add(new Rev1Frame(Rev1Messages.KEYPAD, hs, 0, "0301234567"));
            one.add(new Rev1Frame(Rev1Messages.ALERTING, hs));
            one.add(new Rev1Frame(Rev1Messages.ANSWER, hs, Rev1Messages.PCMA));
            one.add(new Rev1Frame(Rev1Messages.RELEASED, hs, 0));
            one.add(new Rev1Frame(Rev1Messages.PRESENCE, hs, 1));
            two.add(Rev2Frame.of(Rev2Messages.KEYPAD, hs).with(Rev2Messages.T_DIGITS, "0301234567"));
            two.add(Rev2Frame.of(Rev2Messages.ALERTING, hs));
            two.add(Rev2Frame.of(Rev2Messages.ANSWER, hs).with(Rev2Messages.T_CODEC, Codec.G722.payloadType()));
            two.add(Rev2Frame.of(Rev2Messages.RELEASED, hs).with(Rev2Messages.T_REASON, 0));
            two.add(Rev2Frame.of(Rev2Messages.PRESENCE, hs).with(Rev2Messages.T_FLAG, 1));
        }
        rev1 = Rev1Codec.encode(one.toArray(Rev1Frame[]::new));
        rev2 = Rev2Codec.encode(two.toArray(Rev2Frame[]::new));
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void revision1(Blackhole sink) {
        decode(new Rev1Protocol().decoder(), rev1, sink);
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void revision2(Blackhole sink) {
        decode(new Rev2Protocol().decoder(), rev2, sink);
    }

    private static void decode(FrameProtocol.Decoder decoder, byte[] stream, Blackhole sink) {
        for (int at = 0; at < stream.length; at += 64) {
            decoder.feed(stream, at, Math.min(64, stream.length - at), sink::consume, sink::consume);
        }
    }
}
