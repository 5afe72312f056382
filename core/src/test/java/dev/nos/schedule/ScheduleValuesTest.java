package dev.nos.schedule;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.ScheduleType;

import static org.junit.jupiter.api.Assertions.*;

class ScheduleValuesTest {
    private static final double TOL = 1e-12;

    @Test
    void linearCosineMatchesHandComputedValues() {
        LinearCosineDecaySchedule s = new LinearCosineDecaySchedule(0.1, 100);
        assertEquals(0.1 * 1.001, s.valueAt(0, 0), TOL);
        // s=25: linear 0.75, cosine 0.5*(1+cos(pi/4)) = 0.853553390593...
        assertEquals(0.1 * (0.75 * 0.8535533905932737 + 0.001), s.valueAt(25, 0), TOL);
        assertEquals(0.1 * (0.5 * 0.5 + 0.001), s.valueAt(50, 0), TOL);
        assertEquals(0.1 * 0.001, s.valueAt(100, 0), TOL);
        assertEquals(0.1 * 0.001, s.valueAt(250, 0), TOL, "past T the step is clamped");
    }

    @Test
    void linearCosineHasTensorFlowDefaults() {
        LinearCosineDecaySchedule s = new LinearCosineDecaySchedule(1.0, 10);
        assertEquals(0.5, s.getNumPeriods());
        assertEquals(0.0, s.getAlpha());
        assertEquals(0.001, s.getBeta());
        assertEquals(ScheduleType.ITERATION, s.getScheduleType());
        assertEquals(new LinearCosineDecaySchedule(1.0, 10, 0.5, 0.0, 0.001), s);
    }

    @Test
    void linearCosineWithPeriodsAlphaAndBeta() {
        LinearCosineDecaySchedule s = new LinearCosineDecaySchedule(2.0, 100, 2, 0.1, 0.0);
        assertEquals(0.0, s.valueAt(25, 0), TOL);                 // cosine = 0.5*(1+cos(pi)) = 0
        assertEquals(2.0 * (0.1 + 0.5) * 1.0, s.valueAt(50, 0), TOL); // cosine = 0.5*(1+cos(2pi)) = 1
    }

    @Test
    void cosineDecayMatchesTensorFlow() {
        CosineDecaySchedule plain = new CosineDecaySchedule(1.0, 100);
        assertEquals(1.0, plain.valueAt(0, 0), TOL);
        assertEquals(0.5, plain.valueAt(50, 0), TOL);
        assertEquals(0.0, plain.valueAt(100, 0), TOL);
        assertEquals(0.0, plain.valueAt(500, 0), TOL);
        CosineDecaySchedule floored = new CosineDecaySchedule(0.5, 100, 0.2);
        assertEquals(0.5 * (0.8 * 0.5 + 0.2), floored.valueAt(50, 0), TOL);
        assertEquals(0.5 * 0.2, floored.valueAt(100, 0), TOL);
    }

    @Test
    void restartDecayRestartsNTimes() {
        RestartDecaySchedule s = new RestartDecaySchedule(1.0, 100, 2);
        assertEquals(1.0, s.valueAt(0, 0), TOL);
        assertEquals(0.5, s.valueAt(25, 0), TOL);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 0.98)), s.valueAt(49, 0), TOL);
        assertEquals(1.0, s.valueAt(50, 0), TOL, "restart at t*n = T");
        assertEquals(0.5, s.valueAt(75, 0), TOL);
        RestartDecaySchedule floored = new RestartDecaySchedule(ScheduleType.ITERATION, 1.0, 100, 2, 0.1);
        assertEquals(0.9 * 0.5 + 0.1, floored.valueAt(25, 0), TOL);
    }

    @Test
    void epochScheduleCountsEpochs() {
        CosineDecaySchedule s = new CosineDecaySchedule(ScheduleType.EPOCH, 1.0, 100, 0.0);
        assertEquals(0.5, s.valueAt(999, 50), TOL);
        assertEquals(1.0, s.valueAt(999, 0), TOL);
    }

    @Test
    void badArgumentsAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CosineDecaySchedule(1.0, 0));
        assertTrue(e.getMessage().contains("decay steps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RestartDecaySchedule(1.0, 10, 0));
        assertTrue(e.getMessage().contains("numPeriods"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new NoisyLinearCosineDecaySchedule(1.0, 10, -1, 0.55, 0.5, 0, 0.001, 1));
        assertTrue(e.getMessage().contains("initialVariance"), e.getMessage());
    }

    @Test
    void cloneIsEqualAndGivesTheSameValues() {
        LinearCosineDecaySchedule s = new LinearCosineDecaySchedule(0.3, 40, 1.5, 0.2, 0.01);
        assertEquals(s, s.clone());
        assertNotSame(s, s.clone());
        assertEquals(s.valueAt(13, 0), s.clone().valueAt(13, 0));
        assertNotEquals(s, new LinearCosineDecaySchedule(0.3, 40, 1.5, 0.2, 0.02));
    }
}
