package dev.nos.trial;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/** What gives a trial its reward. */
public enum RewardKind {
    /** The paper's: train a child network with the rule and take its held-out validation accuracy. */
    CHILD,
    /** Ours, for trying the loop and for load tests: closeness to PowerSign on fixed points ({@link SyntheticReward}), no training. */
    SYNTHETIC;

    /** The name in JSON and on the command line: {@code child}, {@code synthetic}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** By name, any case; names the known ones when it is not one. */
    @JsonCreator
    public static RewardKind byName(String name) {
        for (RewardKind k : values()) {
            if (k.id().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown reward '" + name + "': expected one of "
                + Arrays.stream(values()).map(RewardKind::id).toList());
    }
}
