package dev.nos.operator;

import dev.nos.kubernetes.ChildSpec;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.PodSpecOverrides;
import dev.nos.kubernetes.TrialBatch;
import dev.nos.trial.TrialJson;
import dev.nos.trial.TrialRequest;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Job that runs one trial: {@code nos trial} on the request (an environment variable), the record to the
 * container's termination message, where the operator reads it. One Job per request (Kubernetes 1.20 has no Indexed
 * Jobs); the Job controller retries a crashed worker up to the search's attempts. The pod has no API access
 * ({@code automountServiceAccountToken: false}) and runs as non-root (user {@value #IMAGE_UID}) with a read-only root
 * filesystem, no capabilities, no privilege escalation and the runtime's default seccomp profile.
 */
public final class WorkerJob {
    public static final String SEARCH_LABEL = "nos.dev/search";
    public static final String BATCH_LABEL = "nos.dev/batch";
    public static final String TRIAL_LABEL = "nos.dev/trial";
    public static final String REQUEST_ENV = "NOS_TRIAL_REQUEST";
    private static final String DATA_VOLUME = "data";
    /**
     * The user (and group) nos's images run as: numeric, so that {@code runAsNonRoot} can be checked by the kubelet
     * whatever the image's {@code USER} says.
     */
    public static final long IMAGE_UID = 65532L;

    private WorkerJob() {}

    /** {@code /tmp} (an emptyDir, the root filesystem being read-only) and the search's data claim, if it names one. */
    private static List<VolumeMount> mounts(OptimizerSearch search) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
        ChildSpec child = search.getSpec().getChild();
        if (child != null && child.getDataClaim() != null) {
            mounts.add(new VolumeMountBuilder().withName(DATA_VOLUME).withMountPath(child.workerDataPath())
                    .withReadOnly(true).build());
        }
        return mounts;
    }

    private static List<Volume> volumes(OptimizerSearch search) {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
        ChildSpec child = search.getSpec().getChild();
        if (child != null && child.getDataClaim() != null) {
            volumes.add(new VolumeBuilder().withName(DATA_VOLUME).withNewPersistentVolumeClaim()
                    .withClaimName(child.getDataClaim()).withReadOnly(true).endPersistentVolumeClaim().build());
        }
        return volumes;
    }

    /** The Job's name: {@code <search>-t<id>}, unique in the namespace, the same after an operator restart. */
    public static String name(String search, long id) {
        return search + "-t" + id;
    }

    /**
     * @param defaultImage the worker image when the search names none (the operator's setting)
     * @param maxAttempts  pods started before the trial is FAILED
     */
    public static Job of(OptimizerSearch search, TrialBatch batch, TrialRequest request, String defaultImage,
                         int maxAttempts) {
        return of(search, batch, request, defaultImage, null, maxAttempts);
    }

    /**
     * @param defaultImage     the worker image when the search names none (the operator's setting)
     * @param defaultResources the worker's resources when the search sets none (the operator's setting; null: none)
     * @param maxAttempts      pods started before the trial is FAILED
     */
    public static Job of(OptimizerSearch search, TrialBatch batch, TrialRequest request, String defaultImage,
                         ResourceRequirements defaultResources, int maxAttempts) {
        String searchName = search.getMetadata().getName();
        Map<String, String> labels = Map.of(SEARCH_LABEL, searchName, BATCH_LABEL, batch.getMetadata().getName(),
                TRIAL_LABEL, Long.toString(request.id()));
        PodSpecOverrides worker = search.getSpec().getWorker();
        String image = worker != null && worker.getImage() != null ? worker.getImage() : defaultImage;
        return new JobBuilder()
                .withNewMetadata()
                    .withName(name(searchName, request.id()))
                    .withNamespace(batch.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(batch.getApiVersion())
                            .withKind(batch.getKind()).withName(batch.getMetadata().getName())
                            .withUid(batch.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true)
                            .build())
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(maxAttempts - 1)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withAutomountServiceAccountToken(false)
                            .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(IMAGE_UID)
                                .withRunAsGroup(IMAGE_UID)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withContainers(new ContainerBuilder()
                                    .withName("worker")
                                    .withImage(image)
                                    .withArgs("trial", "--request-env", REQUEST_ENV, "--termination-log",
                                            "/dev/termination-log")
                                    .withEnv(new EnvVarBuilder().withName(REQUEST_ENV)
                                            .withValue(TrialJson.write(request)).build())
                                    .withResources(worker != null && worker.getResources() != null
                                            ? worker.getResources() : defaultResources)
                                    .withSecurityContext(new SecurityContextBuilder()
                                            .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                                            .withNewCapabilities().withDrop("ALL").endCapabilities().build())
                                    .withVolumeMounts(mounts(search))
                                    .build())
                            .withVolumes(volumes(search))
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }
}
