package dev.nos.kubernetes;

import dev.nos.engine.Durations;
import dev.nos.engine.SearchSettings;
import dev.nos.rule.space.CustomSpaceText;
import dev.nos.rule.space.SearchSpace;
import dev.nos.trial.InvalidRequestException;
import dev.nos.trial.PresetOverrides;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An {@link OptimizerSearchSpec} as the engine's {@link SearchSettings}, through {@link SearchSettings#builder()}: so a
 * search on a cluster has exactly the defaults of {@code nos search}, and a spec field the schema cannot check (a
 * learning rate of 0 in a list, a search space that does not parse) is reported naming the field.
 */
public final class SpecSettings {
    private SpecSettings() {}

    public static SearchSettings of(OptimizerSearchSpec spec) throws InvalidSpecException {
        ChildSpec child = spec.getChild() == null ? new ChildSpec() : spec.getChild();
        SearchSettings.Builder b = SearchSettings.builder()
                .searcher(id(spec.getSearcher()))
                .space(space(spec))
                .batch(spec.getBatchSize())
                .controllerLearningRate(spec.getControllerLearningRate())
                .repeatTarget(spec.getRepeatTarget())
                .workers(spec.getParallelism())
                .trials(spec.getTrials())
                .budgetCounts(id(spec.getBudgetCounts()))
                .seed(spec.getSeed())
                .splitSeed(spec.getSplitSeed())
                .maxAttempts(spec.getMaxAttempts())
                .reward(id(spec.getReward()))
                .preset(id(child.getPreset()))
                .dataset(id(child.getDataset()))
                .data(child.workerDataPath())
                .overrides(new PresetOverrides(child.getTrainExamples(), child.getValidationSize(),
                        child.getLearningRates(), null, null, null, child.getRefineLearningRate()));
        if (spec.getTime() != null) {
            try {
                b.time(Durations.parse(spec.getTime()));
            } catch (IllegalArgumentException e) {
                throw new InvalidSpecException("time", e.getMessage());
            }
        }
        try {
            return b.build();
        } catch (InvalidRequestException e) {
            throw new InvalidSpecException(specField(e.field()), e.getMessage().substring(e.field().length() + 2));
        } catch (IllegalArgumentException e) {
            throw new InvalidSpecException(guessField(e.getMessage()), e.getMessage());
        }
    }

    /** {@code space}, or {@code customSpace} as the engine's text form; a token that does not read names its field. */
    static String space(OptimizerSearchSpec spec) throws InvalidSpecException {
        CustomSpaceSpec custom = spec.getCustomSpace();
        if (custom == null) {
            return spec.getSpace();
        }
        if (spec.getSpace() != null) {
            throw new InvalidSpecException("customSpace", "give space or customSpace, not both");
        }
        List<String> settings = new ArrayList<>();
        tokens(settings, "operands", "customSpace.operands", custom.getOperands());
        tokens(settings, "unary", "customSpace.unaryFunctions", custom.getUnaryFunctions());
        tokens(settings, "binary", "customSpace.binaryFunctions", custom.getBinaryFunctions());
        if (custom.getGroups() != null) {
            settings.add("groups=" + custom.getGroups());
        }
        if (custom.getConstraints() != null) {
            settings.add("constraints=" + (custom.getConstraints().isEmpty() ? "none" : custom.getConstraints().stream()
                    .map(SpecSettings::id).collect(Collectors.joining(","))));
        }
        String text = String.join(" ", settings);
        if (text.isEmpty()) {
            return CustomSpaceText.print(SearchSpace.small(SearchSpace.DEFAULT_GROUPS));
        }
        try {
            return CustomSpaceText.parse(text).name();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            String field = m.contains(": operands") ? "customSpace.operands" : m.contains(": unary")
                    ? "customSpace.unaryFunctions" : m.contains(": binary") ? "customSpace.binaryFunctions"
                    : "customSpace";
            throw new InvalidSpecException(field, m);
        }
    }

    private static void tokens(List<String> settings, String key, String field, List<String> tokens)
            throws InvalidSpecException {
        if (tokens == null) {
            return;
        }
        if (tokens.isEmpty()) {
            throw new InvalidSpecException(field, "lists nothing: leave it out for the default, or list tokens");
        }
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t == null || t.isBlank() || !t.equals(t.strip()) || t.contains(",") || t.contains("=")
                    || t.chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidSpecException(field + "[" + i + "]", "'" + t + "' is not a token of the rule language");
            }
        }
        settings.add(key + "=" + String.join(",", tokens));
    }

    /** The JSON name of an enum constant: {@code FASHION_MNIST} is {@code fashion-mnist}; null stays null. */
    static String id(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A request field as the spec field it comes from. */
    private static String specField(String requestField) {
        return switch (requestField) {
            case "overrides.learningRates" -> "child.learningRates";
            case "overrides.trainExamples" -> "child.trainExamples";
            case "overrides.validationSize" -> "child.validationSize";
            case "preset" -> "child.preset";
            case "dataset" -> "child.dataset";
            case "data" -> "child.dataPath";
            default -> requestField;
        };
    }

    /** The settings' own checks name what they refuse in words; map the words to the field. */
    private static String guessField(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("space")) {
            return "space";
        }
        if (m.contains("searcher")) {
            return "searcher";
        }
        if (m.contains("batch")) {
            return "batchSize";
        }
        if (m.contains("learning rate")) {
            return "controllerLearningRate";
        }
        if (m.contains("repeat target")) {
            return "repeatTarget";
        }
        return "(spec)";
    }
}
