package dev.nos.cli;

import dev.nos.child.Preset;
import dev.nos.data.DatasetNotFoundException;
import dev.nos.io.AtomicFiles;
import dev.nos.rule.Rule;
import dev.nos.rule.RuleSyntaxException;
import dev.nos.trial.InvalidRequestException;
import dev.nos.trial.PresetOverrides;
import dev.nos.trial.TrialJson;
import dev.nos.trial.TrialRecord;
import dev.nos.trial.TrialRequest;
import dev.nos.trial.TrialRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code nos trial}: runs one trial and prints its record as JSON. The worker's entry point (a Kubernetes Job runs
 * {@code nos trial --request FILE}) and a tool for people: rerun any trial of a search from the {@code request} of its
 * line in {@code trials.jsonl}, or try a rule with the search's protocol.
 *
 * <p>Exit codes: 0 for any finished trial (a diverged rule is a result), 2 for a bad request (the message names the
 * field) or missing data, 1 for a crash.
 */
@Command(name = "trial", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Run one trial (a rule's reward) and print its record as JSON.",
        description = {"Run one trial request and print its TrialRecord as JSON: the worker of a search.",
                "  nos trial --request FILE        (- for stdin; e.g. the \"request\" of a line of trials.jsonl)",
                "  nos trial --rule RULE [--seed N] [--split-seed N] [--preset P] [--dataset D] [--data DIR]",
                "Exit codes: 0 a finished trial (diverged included), 2 a bad request or missing data, 1 a crash."})
public final class TrialCommand extends NosSubcommand {

    @Option(names = "--request", paramLabel = "FILE", description = "The request as JSON (- reads stdin).")
    String requestFile;

    @Option(names = "--request-env", paramLabel = "NAME", description = "Read the request's JSON from the environment variable NAME (a worker pod's).")
    String requestEnv;

    @Option(names = "--rule", paramLabel = "RULE", description = "A rule (infix or token form), instead of --request.")
    String rule;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the child (default: ${DEFAULT-VALUE}, as nos search).")
    long seed;

    @Option(names = "--split-seed", paramLabel = "N", defaultValue = "0", description = "Seed of the validation split (default: ${DEFAULT-VALUE}, as nos search and nos evaluate).")
    long splitSeed;

    @Option(names = "--preset", paramLabel = "P", defaultValue = "proxy", description = Preset.NAMES + " (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--dataset", paramLabel = "D", defaultValue = "fashion-mnist", description = "fashion-mnist or cifar-10 (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--reward", paramLabel = "KIND", defaultValue = "child", description = "child or synthetic (default: ${DEFAULT-VALUE}).")
    String reward;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder of the dataset files; with --request, replaces the request's own.")
    Path data;

    @Option(names = "--train-examples", paramLabel = "N", description = "Override the preset's training examples.")
    Integer trainExamples;

    @Option(names = "--validation-size", paramLabel = "N", description = "Override the preset's validation size.")
    Integer validationSize;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the record to FILE (atomically) instead of stdout.")
    Path out;

    @Option(names = "--termination-log", paramLabel = "FILE",
            description = "Also write the record to FILE in place (a container's /dev/termination-log, which cannot be renamed over; at most 4096 bytes).")
    Path terminationLog;

    /** What Kubernetes keeps of a container's termination message. */
    static final int TERMINATION_MESSAGE_LIMIT = 4096;

    @Override
    protected int run() {
        TrialRequest request;
        try {
            request = request();
        } catch (InvalidRequestException e) {
            err().println("nos trial: bad request: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        TrialRecord record;
        try {
            record = new TrialRunner().run(request);
        } catch (InvalidRequestException e) {
            err().println("nos trial: bad request: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof DatasetNotFoundException) {
                err().println("nos trial: data: " + e.getCause().getMessage());
                return ExitCodes.USAGE;
            }
            err().println("nos trial: cannot read the data: " + e.getCause().getMessage());
            return ExitCodes.FAILURE;
        }
        String json = TrialJson.write(record);
        if (terminationLog != null) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > TERMINATION_MESSAGE_LIMIT) {
                err().println("nos trial: the record is " + bytes.length + " bytes, more than a termination message holds ("
                        + TERMINATION_MESSAGE_LIMIT + ")");
                return ExitCodes.FAILURE;
            }
            try {
                Files.write(terminationLog, bytes);
            } catch (IOException e) {
                err().println("nos trial: cannot write " + terminationLog + ": " + e.getMessage());
                return ExitCodes.FAILURE;
            }
        }
        if (out != null) {
            try {
                AtomicFiles.writeString(out, json + "\n");
            } catch (IOException e) {
                err().println("nos trial: cannot write " + out + ": " + e.getMessage());
                return ExitCodes.FAILURE;
            }
        } else {
            out().println(json);
        }
        err().printf("nos trial: %s: %s, reward %.4f (%.1f s)%n", record.ruleInfix(), record.status(), record.reward(),
                record.seconds());
        return ExitCodes.OK;
    }

    private TrialRequest request() {
        int given = (requestFile != null ? 1 : 0) + (requestEnv != null ? 1 : 0) + (rule != null ? 1 : 0);
        if (given != 1) {
            throw new InputException("give one of --request FILE, --request-env NAME or --rule RULE");
        }
        if (requestFile != null || requestEnv != null) {
            TrialRequest r = TrialJson.readRequest(requestFile != null ? readRequestText() : readRequestEnv());
            return data != null ? r.withData(data.toString()) : r;
        }
        Rule parsed;
        try {
            parsed = Rule.parse(rule);
        } catch (RuleSyntaxException e) {
            throw new InvalidRequestException("rule", e.getMessage(), e);
        }
        TrialRequest r = switch (reward.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "synthetic" -> TrialRequest.synthetic(0, parsed, seed);
            case "child" -> TrialRequest.child(0, parsed, seed, splitSeed, preset, new PresetOverrides(trainExamples,
                    validationSize, null, null, null, null), dataset, data == null ? null : data.toString());
            default -> throw new InvalidRequestException("reward", "unknown reward '" + reward + "': expected child or synthetic");
        };
        r.validate();
        return r;
    }

    private String readRequestEnv() {
        String json = System.getenv(requestEnv);
        if (json == null || json.isBlank()) {
            throw new InputException("the environment variable " + requestEnv + " holds no request");
        }
        return json;
    }

    private String readRequestText() {
        try {
            if (requestFile.equals("-")) {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(requestFile), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException("no such request file: " + requestFile);
        } catch (IOException e) {
            throw new InputException("cannot read " + requestFile + ": " + e.getMessage());
        }
    }
}
