package dev.nos.operator;

import dev.nos.kubernetes.ChildSpec;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchSpec;
import dev.nos.kubernetes.SearchPhase;
import dev.nos.kubernetes.TestApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.Operator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator keeps a search's phase and its {@code Valid} condition on a real API server (1.20.2): what the schema
 * cannot refuse is reported naming the field; {@code suspend} moves the phase to Suspended and back.
 */
class SearchPhaseAndValidityTest {
    private static final String NS = "default";
    private static TestApiServer api;
    private static Operator operator;

    @BeforeAll
    static void start() throws Exception {
        api = TestApiServer.start();
        api.installCrds();
        operator = TestOperator.start(api, new OptimizerSearchReconciler("nos-controller:test"));
    }

    @AfterAll
    static void stop() throws Exception {
        TestOperator.stop(operator, api);
    }

    private static OptimizerSearch create(String name, OptimizerSearchSpec spec) {
        OptimizerSearch s = new OptimizerSearch();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        s.setSpec(spec);
        return api.client().resource(s).inNamespace(NS).create();
    }

    private static OptimizerSearch waitFor(String name, SearchPhase phase, long generation) {
        return api.client().resources(OptimizerSearch.class).inNamespace(NS).withName(name).waitUntilCondition(
                s -> s.getStatus() != null && s.getStatus().getPhase() == phase
                        && Long.valueOf(generation).equals(s.getStatus().getObservedGeneration()), 30, TimeUnit.SECONDS);
    }

    private static Condition valid(OptimizerSearch s) {
        return s.getStatus().getConditions().stream().filter(c -> c.getType().equals(OptimizerSearchReconciler.VALID))
                .findFirst().orElseThrow();
    }

    @Test
    void whatTheSchemaCannotRefuseIsAnInvalidConditionNamingTheField() {
        OptimizerSearchSpec spec = new OptimizerSearchSpec();
        ChildSpec child = new ChildSpec();
        child.setLearningRates(List.of(0.1, -1.0)); // the schema cannot say "every item positive" without CEL
        spec.setChild(child);
        create("bad-rates", spec);
        OptimizerSearch s = waitFor("bad-rates", SearchPhase.Failed, 1);
        Condition c = valid(s);
        assertEquals("False", c.getStatus());
        assertEquals("Invalid", c.getReason());
        assertTrue(c.getMessage().startsWith("spec.child.learningRates:"), c.getMessage());
    }

    @Test
    void aValidSearchRunsAndSuspendMovesItsPhase() {
        create("valid", new OptimizerSearchSpec());
        OptimizerSearch s = waitFor("valid", SearchPhase.Running, 1);
        assertEquals("True", valid(s).getStatus());
        assertTrue(s.getStatus().getStartedAt() != null);

        suspend("valid", true);
        waitFor("valid", SearchPhase.Suspended, 2);
        suspend("valid", false);
        OptimizerSearch resumed = waitFor("valid", SearchPhase.Running, 3);
        assertEquals(s.getStatus().getStartedAt(), resumed.getStatus().getStartedAt(), "started once");
    }

    /**
     * Sets {@code spec.suspend} as {@code kubectl patch --type merge} does: no resourceVersion, so no conflict with
     * the operator's status writes.
     */
    private static void suspend(String name, boolean suspend) {
        api.client().resources(OptimizerSearch.class).inNamespace(NS).withName(name).patch(
                PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":" + suspend + "}}");
    }
}
