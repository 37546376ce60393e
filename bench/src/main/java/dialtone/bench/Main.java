package dialtone.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.util.Statistics;

/**
 * {@code java -jar benchmarks.jar loop} runs the call-core loop benchmark with 1 and 4 producers
 * and prints one table; any other arguments go to JMH as they are.
 */
public final class Main {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("loop")) {
            loop();
        } else {
            new Runner(new CommandLineOptions(args)).run();
        }
    }

    private static void loop() throws RunnerException {
        List<String> rows = new ArrayList<>();
        for (int threads : new int[] { 1, 4 }) {
            double[] rate = new double[2];
            Statistics[] latency = new Statistics[2];
            String[] kinds = { "loop", "bare" };
            for (int k = 0; k < 2; k++) {
                rate[k] = run("throughput", kinds[k], threads, Mode.Throughput).iterator().next()
                        .getPrimaryResult().getScore();
                latency[k] = run("latency", kinds[k], threads, Mode.SampleTime).iterator().next()
                        .getPrimaryResult().getStatistics();
            }
            for (int k = 0; k < 2; k++) {
                rows.add(String.format(Locale.ROOT, "%-5s %9d %14.2f %10s %9.0f %9.0f %9.0f", kinds[k], threads,
                        rate[k] / 1e6, k == 0 ? String.format(Locale.ROOT, "%.2fx", rate[1] / rate[0]) : "",
                        latency[k].getPercentile(50), latency[k].getPercentile(99), latency[k].getPercentile(99.9)));
            }
        }
        System.out.println();
        System.out.println("call-core loop against a bare hand-off through the same queue");
        System.out.println("kind  producers  Mmessages/s  bare/loop    p50 ns    p99 ns  p99.9 ns");
        rows.forEach(System.out::println);
    }

    private static Collection<RunResult> run(String benchmark, String kind, int threads, Mode mode)
            throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("dialtone.bench.loop.LoopBenchmark." + benchmark + "$")
                .param("kind", kind)
                .threads(threads)
                .mode(mode)
                .timeUnit(mode == Mode.Throughput ? java.util.concurrent.TimeUnit.SECONDS
                        : java.util.concurrent.TimeUnit.NANOSECONDS)
                .forks(1)
                .jvmArgsAppend("-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(2));
        return new Runner(options.build()).run();
    }
}
