package dev.nos.schedule;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class NoisyScheduleTest {

    @Test
    void sameSeedAndStepGiveTheSameValueInAnyOrder() {
        NoisyLinearCosineDecaySchedule a = new NoisyLinearCosineDecaySchedule(0.1, 1000, 42);
        NoisyLinearCosineDecaySchedule b = new NoisyLinearCosineDecaySchedule(0.1, 1000, 42);
        double[] forward = new double[200];
        for (int i = 0; i < 200; i++) {
            forward[i] = a.valueAt(i, 0);
        }
        for (int i = 199; i >= 0; i--) {
            assertEquals(forward[i], b.valueAt(i, 0), 0.0, "step " + i);
            assertEquals(forward[i], a.valueAt(i, 0), 0.0, "step " + i + " asked again");
        }
        assertEquals(forward[17], a.clone().valueAt(17, 0), 0.0);
    }

    @Test
    void differentSeedsGiveDifferentNoise() {
        NoisyLinearCosineDecaySchedule a = new NoisyLinearCosineDecaySchedule(0.1, 1000, 1);
        NoisyLinearCosineDecaySchedule b = new NoisyLinearCosineDecaySchedule(0.1, 1000, 2);
        int same = 0;
        for (int i = 0; i < 100; i++) {
            if (a.valueAt(i, 0) == b.valueAt(i, 0)) {
                same++;
            }
        }
        assertEquals(0, same);
    }

    @Test
    void withoutNoiseItIsTheLinearCosineDecay() {
        NoisyLinearCosineDecaySchedule noisy =
                new NoisyLinearCosineDecaySchedule(0.1, 100, 0.0, 0.55, 0.5, 0.0, 0.001, 7);
        LinearCosineDecaySchedule plain = new LinearCosineDecaySchedule(0.1, 100);
        for (int i = 0; i <= 120; i += 7) {
            assertEquals(plain.valueAt(i, 0), noisy.valueAt(i, 0), 1e-15, "step " + i);
        }
    }

    /**
     * With numPeriods 0 (cosine = 1), alpha 0, beta 0 and initial value 1 the value is linear + eps_t, so
     * (value - linear)^2 / variance(s) should average 1 and (value - linear) / std(s) should average 0.
     */
    @Test
    void noiseHasTheAnnealedVariance() {
        int steps = 200_000;
        double initialVariance = 2.0;
        double decay = 0.55;
        NoisyLinearCosineDecaySchedule s =
                new NoisyLinearCosineDecaySchedule(1.0, steps, initialVariance, decay, 0.0, 0.0, 0.0, 123);
        double sumZ = 0;
        double sumZ2 = 0;
        for (int t = 0; t < steps; t++) {
            double linear = (steps - t) / (double) steps;
            double variance = initialVariance / Math.pow(1 + t, decay);
            double z = (s.valueAt(t, 0) - linear) / Math.sqrt(variance);
            sumZ += z;
            sumZ2 += z * z;
        }
        double mean = sumZ / steps;
        double meanSquare = sumZ2 / steps;
        // standard errors: 1/sqrt(n) = 0.0022 for the mean, sqrt(2/n) = 0.0032 for the mean square
        assertEquals(0.0, mean, 0.012, "mean of standardised noise");
        assertEquals(1.0, meanSquare, 0.016, "variance of standardised noise");
    }

    @Test
    void counterNormalLooksStandardNormal() {
        int n = 100_000;
        int within1 = 0;
        for (int i = 0; i < n; i++) {
            if (Math.abs(CounterNormal.at(99, i)) < 1) {
                within1++;
            }
        }
        assertEquals(0.6827, within1 / (double) n, 0.008, "share within one standard deviation");
    }
}
