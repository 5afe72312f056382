package dev.nos.bench;

import dev.nos.rule.Rule;
import dev.nos.updater.AddSign;
import dev.nos.updater.PowerSign;
import dev.nos.updater.RuleUpdater;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Time of ONE update step ({@code GradientUpdater.applyUpdater} on a FLOAT gradient, state initialised) for the
 * PowerSign and AddSign configurations, the rule-language PowerSign, AddSign, Adam and a two-slot rule, and DL4J's
 * Adam and Nesterovs.
 * Not a test. {@link #main} runs JMH (fork 1, 3 warmup and 4 measured iterations of 1 s; or, with args, JMH's own command-line options) and
 * prints a table: ms per step, ratio to DL4J Adam at the same size, state bytes per parameter.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class UpdateStepBenchmark {

    @Param({"1000000", "10000000"})
    public int size;

    @Param({"powersign", "addsign", "rule-powersign", "rule-adam", "dl4j-adam", "dl4j-nesterovs"})
    public String updater;

    private GradientUpdater<?> gu;
    private INDArray gradient;
    private INDArray values;
    private int iteration;

    static IUpdater config(String name) {
        if (name.startsWith("rule=")) { // any rule, its infix after '=' (without ',' or ':', which the lists use)
            return new RuleUpdater(Rule.parse(name.substring(5)), 1e-3).totalSteps(1_000_000);
        }
        switch (name) {
            case "powersign": return new PowerSign(0.1);
            case "addsign": return new AddSign(0.1);
            case "rule-powersign": return new RuleUpdater(Rule.parseTokens("sign(g) sign(m) id id mul #0 g exp id mul"), 0.1);
            case "rule-addsign": return new RuleUpdater(Rule.parseTokens("sign(g) sign(m) id id mul 1 #0 id id add #1 g id id mul"), 0.1);
            case "rule-adam": return new RuleUpdater(Rule.parseTokens("adam 1 id id keep"), 1e-3);
            // two state slots and a clip, a decay and a sign select: a rule of the search, not of the paper
            case "rule-2slot": return new RuleUpdater(Rule.parse("clip(g, 1e-3) * exp(ld * sign(m)) + rmsprop"), 1e-3).totalSteps(1_000_000);
            case "dl4j-adam": return new Adam(1e-3);
            case "dl4j-nesterovs": return new Nesterovs(0.1, 0.9);
            default: throw new IllegalArgumentException("unknown updater " + name);
        }
    }

    @Setup(Level.Trial)
    public void setup() {
        IUpdater c = config(updater);
        long stateSize = c.stateSize(size);
        INDArray state = stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize);
        gu = c.instantiate(state, true);
        values = Nd4j.randn(DataType.FLOAT, 1, size);
        gradient = values.dup();
    }

    @Benchmark
    public INDArray step() {
        // the gradient is overwritten with the update each step; the updater's work does not depend on its values
        gu.applyUpdater(gradient, iteration++, 0);
        return gradient;
    }

    public static void main(String[] args) throws Exception {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(UpdateStepBenchmark.class.getName())
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(4).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx4g");
        if (args.length > 0) {
            // JMH's own options (e.g. -p size=1000000 -wi 2 -i 3 -f 1); whatever they leave unset keeps JMH's default
            b = new OptionsBuilder().parent(new CommandLineOptions(args)).include(UpdateStepBenchmark.class.getName());
        }
        Collection<RunResult> results = new Runner(b.build()).run();
        Map<String, Double> ms = new LinkedHashMap<>();
        for (RunResult r : results) {
            String key = r.getParams().getParam("updater") + "@" + r.getParams().getParam("size");
            ms.put(key, r.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.println("| updater | params | ms/step | vs DL4J Adam | state bytes/param |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, Double> e : ms.entrySet()) {
            String[] k = e.getKey().split("@");
            Double adam = ms.get("dl4j-adam@" + k[1]);
            long n = Long.parseLong(k[1]);
            double bytes = config(k[0]).stateSize(n) * 4.0 / n;
            System.out.println(String.format(Locale.ROOT, "| %s | %s | %.3f | %s | %.0f |", k[0], k[1], e.getValue(),
                    adam == null ? "-" : String.format(Locale.ROOT, "%.2f", e.getValue() / adam), bytes));
        }
        for (String size : new String[] {"1000000", "10000000"}) {
            Double rule = ms.get("rule-powersign@" + size);
            Double hand = ms.get("powersign@" + size);
            if (rule != null && hand != null) {
                System.out.println(String.format(Locale.ROOT, "rule PowerSign / hand PowerSign at %s: %.2f", size, rule / hand));
            }
        }
    }
}
