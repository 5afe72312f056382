package dev.nos.operator;

import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchSpec;
import dev.nos.kubernetes.OptimizerSearchStatus;
import dev.nos.kubernetes.TestApiServer;
import dev.nos.kubernetes.TrialCounts;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A status that holds state is written only from the version it was computed from, on a real API server (1.20.2):
 * a reconcile holding a stale copy of a search (what made the operator fold a batch twice, once in a CI run) is
 * refused and writes nothing; one holding the current copy writes, and the written search goes to the cache.
 */
class ConditionalStatusWriteTest {
    private static final String NS = "default";
    private static final String MANAGER = "nos-test";

    @Test
    void aStatusComputedFromAStaleCopyIsRefusedAndOneFromTheCurrentCopyIsWritten() throws Exception {
        try (TestApiServer api = TestApiServer.start()) {
            api.installCrds();
            OptimizerSearch s = new OptimizerSearch();
            s.setMetadata(new ObjectMetaBuilder().withName("s").withNamespace(NS).build());
            s.setSpec(new OptimizerSearchSpec());
            OptimizerSearch v1 = api.client().resource(s).inNamespace(NS).create();

            // the first fold, from the current copy: written
            List<OptimizerSearch> cached = new ArrayList<>();
            assertTrue(ConditionalStatusWrite.write(api.client(), MANAGER, v1, patch(okTrials(3)), cached::add));
            assertEquals(1, cached.size());
            assertEquals(3, cached.get(0).getStatus().getTrials().getOk());

            // the same fold again from the stale copy (v1, before it): refused, the API keeps 3
            assertFalse(ConditionalStatusWrite.write(api.client(), MANAGER, v1, patch(okTrials(6)), cached::add));
            assertEquals(1, cached.size(), "nothing cached from a refused write");
            OptimizerSearch now = api.client().resources(OptimizerSearch.class).inNamespace(NS).withName("s").get();
            assertEquals(3, now.getStatus().getTrials().getOk());

            // from the current copy: written
            assertTrue(ConditionalStatusWrite.write(api.client(), MANAGER, now, patch(okTrials(5)), cached::add));
            assertEquals(5, api.client().resources(OptimizerSearch.class).inNamespace(NS).withName("s").get()
                    .getStatus().getTrials().getOk());
        }
    }

    private static OptimizerSearchStatus okTrials(long ok) {
        OptimizerSearchStatus status = new OptimizerSearchStatus();
        TrialCounts counts = new TrialCounts();
        counts.setOk(ok);
        status.setTrials(counts);
        return status;
    }

    private static OptimizerSearch patch(OptimizerSearchStatus status) {
        OptimizerSearch p = new OptimizerSearch();
        p.setMetadata(new ObjectMetaBuilder().withName("s").withNamespace(NS).build());
        p.setStatus(status);
        return p;
    }
}
