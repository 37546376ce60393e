package dialtone.bench.phonebook;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * {@code java -cp benchmarks.jar dialtone.bench.phonebook.PhonebookReport} runs
 * {@link PhonebookBenchmark} and prints one table: look-up and name-prefix latency percentiles
 * with 10 000 contacts, and acknowledged writes per second with 1 and 8 writers.
 */
public final class PhonebookReport {

    private PhonebookReport() {
    }

    public static void main(String[] args) throws RunnerException {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%nphonebook with %d contacts (JMH, 1 fork)%n", PhonebookBenchmark.CONTACTS));
        table.append("benchmark               p50 ns    p99 ns  p99.9 ns\n");
        for (String name : new String[] { "lookupKnown", "lookupUnknown", "namePrefix" }) {
            Statistics s = run(name, 1, Mode.SampleTime).getPrimaryResult().getStatistics();
            table.append(String.format(Locale.ROOT, "%-20s %9.0f %9.0f %9.0f%n", name, s.getPercentile(50),
                    s.getPercentile(99), s.getPercentile(99.9)));
        }
        table.append("benchmark            writers  acknowledged writes/s\n");
        for (int threads : new int[] { 1, 8 }) {
            double rate = run("acknowledgedAdd", threads, Mode.Throughput).getPrimaryResult().getScore();
            table.append(String.format(Locale.ROOT, "%-20s %7d %22.0f%n", "acknowledgedAdd", threads, rate));
        }
        System.out.println(table);
    }

    private static RunResult run(String benchmark, int threads, Mode mode) throws RunnerException {
        return new Runner(new OptionsBuilder()
                .include(PhonebookBenchmark.class.getName() + "." + benchmark + "$")
                .threads(threads)
                .mode(mode)
                .timeUnit(mode == Mode.Throughput ? TimeUnit.SECONDS : TimeUnit.NANOSECONDS)
                .forks(1)
                .jvmArgsAppend("-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(2))
                .build()).run().iterator().next();
    }
}
