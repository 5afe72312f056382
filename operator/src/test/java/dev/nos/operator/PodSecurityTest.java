package dev.nos.operator;

import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.OptimizerSearchSpec;
import dev.nos.kubernetes.TrialBatch;
import dev.nos.kubernetes.TrialBatchSpec;
import dev.nos.rule.Rule;
import dev.nos.trial.TrialRequest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every pod nos runs is locked down as Kubernetes's "restricted" Pod Security Standard asks, and more: it runs as a
 * numeric non-root user, with a read-only root filesystem, no capabilities, no privilege escalation and the runtime's
 * default seccomp profile. Checked on each pod spec the chart renders (default and non-default values) and on the pod
 * specs of the Jobs the operator creates (the controller's, {@link ControllerResources#job}, and a worker's,
 * {@link WorkerJob#of}); {@link HelmInstallTest} checks those the operator actually created on the API server.
 */
class PodSecurityTest {

    @Test
    void theChartsPods() {
        for (Path values : new Path[] {null, Charts.nonDefaultValues()}) {
            List<PodSpec> pods = podSpecs(Charts.render("nos", "nos-system", values));
            assertEquals(1, pods.size(), "the operator's Deployment");
            pods.forEach(p -> assertRestricted(p, "the chart's operator pod, values " + values));
        }
    }

    @Test
    void theJobsTheOperatorCreates() {
        OptimizerSearch search = new OptimizerSearch();
        search.setMetadata(new ObjectMetaBuilder().withName("s").withNamespace("team-a").withUid("u1").build());
        search.setApiVersion("nos.dev/v1alpha1");
        search.setKind("OptimizerSearch");
        search.setSpec(new OptimizerSearchSpec());
        TrialBatch batch = new TrialBatch();
        batch.setMetadata(new ObjectMetaBuilder().withName("s-b0").withNamespace("team-a").withUid("u2").build());
        TrialBatchSpec spec = new TrialBatchSpec();
        spec.setSearch("s");
        spec.setRequests(List.of(TrialRequest.synthetic(0, Rule.parseInfix("g"), 1)));
        batch.setSpec(spec);
        assertRestricted(ControllerResources.job(search, "nos-controller:test").getSpec().getTemplate().getSpec(),
                "the controller's Job");
        PodSpec worker = WorkerJob.of(search, batch, spec.getRequests().get(0), "nos-worker:test", 3)
                .getSpec().getTemplate().getSpec();
        assertRestricted(worker, "a worker's Job");
        assertFalse(worker.getAutomountServiceAccountToken(), "workers hold no API token");
    }

    /** The pod specs of every workload among {@code objects}. */
    static List<PodSpec> podSpecs(List<HasMetadata> objects) {
        List<PodSpec> out = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof Deployment d) {
                out.add(d.getSpec().getTemplate().getSpec());
            } else if (o instanceof StatefulSet s) {
                out.add(s.getSpec().getTemplate().getSpec());
            } else if (o instanceof DaemonSet s) {
                out.add(s.getSpec().getTemplate().getSpec());
            } else if (o instanceof Job j) {
                out.add(j.getSpec().getTemplate().getSpec());
            } else if (o instanceof CronJob j) {
                out.add(j.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
            } else if (o instanceof Pod p) {
                out.add(p.getSpec());
            }
        }
        return out;
    }

    /**
     * The pod and each of its containers (init containers too): non-root with a numeric user, a read-only root
     * filesystem, every capability dropped, no privilege escalation, not privileged, seccomp {@code RuntimeDefault}.
     * A container's setting wins over the pod's, as in Kubernetes.
     */
    static void assertRestricted(PodSpec pod, String what) {
        PodSecurityContext p = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
        List<Container> containers = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            containers.addAll(pod.getInitContainers());
        }
        assertFalse(containers.isEmpty(), what);
        assertFalse(Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC()), what + ": host namespaces");
        for (Container c : containers) {
            SecurityContext s = c.getSecurityContext();
            String where = what + ", container " + c.getName();
            assertNotNull(s, where + ": no securityContext");
            assertEquals(Boolean.TRUE, effective(s.getRunAsNonRoot(), p.getRunAsNonRoot()), where + ": runAsNonRoot");
            Long uid = effective(s.getRunAsUser(), p.getRunAsUser());
            assertTrue(uid != null && uid > 0, where + ": a numeric non-root runAsUser, got " + uid);
            assertEquals(Boolean.TRUE, s.getReadOnlyRootFilesystem(), where + ": readOnlyRootFilesystem");
            assertEquals(Boolean.FALSE, s.getAllowPrivilegeEscalation(), where + ": allowPrivilegeEscalation");
            assertFalse(Boolean.TRUE.equals(s.getPrivileged()), where + ": privileged");
            assertTrue(s.getCapabilities() != null && s.getCapabilities().getDrop() != null
                    && s.getCapabilities().getDrop().contains("ALL"), where + ": capabilities drop ALL");
            assertTrue(s.getCapabilities().getAdd() == null || s.getCapabilities().getAdd().isEmpty(),
                    where + ": no capability added");
            String seccomp = effective(s.getSeccompProfile() == null ? null : s.getSeccompProfile().getType(),
                    p.getSeccompProfile() == null ? null : p.getSeccompProfile().getType());
            assertEquals("RuntimeDefault", seccomp, where + ": seccomp profile");
        }
    }

    private static <T> T effective(T container, T pod) {
        return container != null ? container : pod;
    }

}
