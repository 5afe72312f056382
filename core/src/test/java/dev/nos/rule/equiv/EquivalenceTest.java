package dev.nos.rule.equiv;

import dev.nos.rule.Rule;
import dev.nos.rule.space.SearchSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EquivalenceTest {

    private static String key(String rule) {
        return CanonicalKey.of(Rule.parse(rule));
    }

    private static String print(String rule) {
        return Fingerprint.of(Rule.parse(rule));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "g + g                                | 2 * g",
            "adam                                 | m / sqrt(abs(v))",
            "rmsprop                              | g / sqrt(abs(v))",
            "sign(g) * sign(m) * g                | sign(m) * g * sign(g)",
            "exp(sign(g) * sign(m)) * g           | g * exp(sign(m) * sign(g))",
            "-(-g)                                | g",
            "g ^ 2 * m                            | m * g^2",
            "(g + m) + v                          | v + (m + g)",
            "g * eps + m                          | m + eps * g",
            "drop(g * m, 0.5) * v                 | v * drop(m * g, 0.5)",
            "adam adam id id keep                 | m v id sqrt div",
            "sign(g) sign(m) id id mul            | g m sign sign mul",
            "g 2 id id pow                        | g^2",
    })
    void equivalentRulesShareAFingerprint(String a, String b) {
        assertEquals(print(a), print(b), a + " vs " + b);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "adam                                 | m / sqrt(abs(v))",
            "rmsprop                              | g / sqrt(abs(v))",
            "sign(g) * sign(m) * g                | sign(m) * g * sign(g)",
            "exp(sign(g) * sign(m)) * g           | g * exp(sign(m) * sign(g))",
            "-(-g)                                | g",
            "(g + m) + v                          | v + (m + g)",
            "g m id id keep                       | g v id id keep",
            "sign(g) sign(m) id id mul            | g m sign sign mul",
            "g 2 id id pow                        | g^2",
            "g * eps + m                          | m + eps * g",
    })
    void commutedAndDefinedFormsShareAKey(String a, String b) {
        assertEquals(key(a), key(b), a + " vs " + b);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "g                                    | m",
            "adam                                 | rmsprop",
            "exp(sign(g) * sign(m)) * g           | (1 + sign(g) * sign(m)) * g",
            "g - m                                | m - g",
            "g / m                                | m / g",
            "g ^ m                                | m ^ g",
            "exp(ld * sign(g) * sign(m)) * g      | exp(cd * sign(g) * sign(m)) * g",
            "(1 + rd(10) * sign(g) * sign(m)) * g | (1 + rd(20) * sign(g) * sign(m)) * g",
            "g * eps                              | g * eps_t",
            "drop(g, 0.1)                         | drop(g, 0.3)",
            "clip(g, 1e-5)                        | clip(g, 1e-4)",
            "1e-4*w + g                           | 1e-3*w + g",
            "g^3                                  | gamma",
    })
    void differentRulesDiffer(String a, String b) {
        assertNotEquals(print(a), print(b), a + " vs " + b);
        assertNotEquals(key(a), key(b), a + " vs " + b);
    }

    @Test
    void sameKeyImpliesSameFingerprintOnRandomRules() {
        Map<String, String> fingerprintOfKey = new HashMap<>();
        Random rnd = new Random(11);
        SearchSpace space = SearchSpace.small(2);
        int repeats = 0;
        for (int i = 0; i < 5000; i++) {
            Rule r = space.sample(rnd);
            String k = CanonicalKey.of(r);
            String f = Fingerprint.of(r);
            String before = fingerprintOfKey.putIfAbsent(k, f);
            if (before != null) {
                repeats++;
                assertEquals(before, f, () -> "key " + k + " has two fingerprints, one of them " + r.infix());
            }
        }
        assertTrue(repeats > 0, "no two sampled rules had the same key: the check did not run");
    }

    @Test
    void fingerprintIsStableHexAndRandomRulesAreDeterministic() {
        String f = print("g * eps + drop(m, 0.5)");
        assertTrue(f.matches("[0-9a-f]{16}"), f);
        assertEquals(f, print("drop(m, 0.5) + eps * g"));
        assertEquals(Fingerprint.POINTS, Fingerprint.points().size());
        assertTrue(Fingerprint.points().stream().anyMatch(p -> p.g() > 0));
        assertTrue(Fingerprint.points().stream().anyMatch(p -> p.g() < 0));
    }

    @Test
    void keyLooksLikeATree() {
        assertEquals("mul(exp(mul(sign(g),sign(m))),g)", key("exp(sign(g) * sign(m)) * g"));
        assertEquals("div(m,sqrt(v))", key("adam"));
    }
}
