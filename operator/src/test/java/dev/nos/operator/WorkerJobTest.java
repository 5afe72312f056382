package dev.nos.operator;

import dev.nos.kubernetes.ChildSpec;
import dev.nos.kubernetes.Dataset;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchSpec;
import dev.nos.kubernetes.TrialBatch;
import dev.nos.rule.InfixParser;
import dev.nos.trial.TrialRequest;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker pod: /tmp writable, and a search's data claim (CIFAR-10 from a volume) mounted read-only where it reads. */
class WorkerJobTest {

    private static PodSpec podOf(ChildSpec child) {
        OptimizerSearch search = new OptimizerSearch();
        search.setMetadata(new ObjectMetaBuilder().withName("s").withNamespace("ns").withUid("u1").build());
        OptimizerSearchSpec spec = new OptimizerSearchSpec();
        spec.setChild(child);
        search.setSpec(spec);
        TrialBatch batch = new TrialBatch();
        batch.setMetadata(new ObjectMetaBuilder().withName("s-b0").withNamespace("ns").withUid("u2").build());
        TrialRequest request = TrialRequest.synthetic(4, InfixParser.parse("sign(g) * g"), 1);
        return WorkerJob.of(search, batch, request, "nos-worker:test", 3).getSpec().getTemplate().getSpec();
    }

    @Test
    void withoutADataClaimOnlyTmpIsMounted() {
        PodSpec pod = podOf(null);
        assertEquals(1, pod.getVolumes().size());
        assertEquals("/tmp", pod.getContainers().get(0).getVolumeMounts().get(0).getMountPath());
    }

    @Test
    void aDataClaimIsMountedReadOnlyAtTheDataPath() {
        ChildSpec child = new ChildSpec();
        child.setDataset(Dataset.CIFAR_10);
        child.setDataClaim("cifar-10");
        PodSpec pod = podOf(child);
        Volume data = pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null).findFirst().orElseThrow();
        assertEquals("cifar-10", data.getPersistentVolumeClaim().getClaimName());
        assertTrue(data.getPersistentVolumeClaim().getReadOnly());
        VolumeMount mount = pod.getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getName().equals(data.getName())).findFirst().orElseThrow();
        assertEquals(ChildSpec.DEFAULT_DATA_MOUNT, mount.getMountPath());
        assertTrue(mount.getReadOnly());

        child.setDataPath("/data/cifar");
        assertEquals("/data/cifar", podOf(child).getContainers().get(0).getVolumeMounts().get(1).getMountPath());
    }
}
