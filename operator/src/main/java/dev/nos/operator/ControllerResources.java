package dev.nos.operator;

import dev.nos.metrics.MetricsEndpoint;
import dev.nos.kubernetes.OptimizerSearch;
import dev.nos.kubernetes.PodSpecOverrides;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;

import java.util.List;
import java.util.Map;

/**
 * What the operator creates for a search's controller pod, each owned by the search: its ServiceAccount, a Role that
 * lets it do what the protocol needs and nothing more, the RoleBinding, the volume for its trial log and checkpoint,
 * and a Job running {@code dev.nos.controller.ControllerMain} (a Job, not a Deployment: the controller exits 0 when
 * the budget is spent, and a crashed or killed pod is started again by the Job controller).
 */
public final class ControllerResources {
    public static final String STATE_DIR = "/var/lib/nos/state";
    /** The label that tells the controller's Job (and its pod) from the workers'. */
    public static final String ROLE_LABEL = "nos.dev/role";
    public static final String CONTROLLER_ROLE = "controller";
    private static final int RESTARTS = 100;

    private ControllerResources() {}

    /** {@code <search>-controller}: the name of the ServiceAccount, Role, RoleBinding and Job. */
    public static String name(OptimizerSearch search) {
        return search.getMetadata().getName() + "-controller";
    }

    /** {@code <search>-state}: the controller's volume claim. */
    public static String stateClaim(OptimizerSearch search) {
        return search.getMetadata().getName() + "-state";
    }

    private static ObjectMeta meta(OptimizerSearch search, String name) {
        return new ObjectMetaBuilder().withName(name).withNamespace(search.getMetadata().getNamespace())
                .addToLabels(WorkerJob.SEARCH_LABEL, search.getMetadata().getName())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(search.getApiVersion())
                        .withKind(search.getKind()).withName(search.getMetadata().getName())
                        .withUid(search.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true)
                        .build())
                .build();
    }

    public static ServiceAccount serviceAccount(OptimizerSearch search) {
        return new ServiceAccountBuilder().withMetadata(meta(search, name(search))).build();
    }

    /**
     * Its own search: read it and write its status; TrialBatches of the namespace: create, read, watch and label them.
     * Nothing else: no Jobs, no pods, no Secrets, no other search. (RBAC cannot limit create or list to one search's
     * batches; the operator runs only the batches a search owns.)
     */
    public static Role role(OptimizerSearch search) {
        String searchName = search.getMetadata().getName();
        return new RoleBuilder().withMetadata(meta(search, name(search)))
                .withRules(
                        new PolicyRuleBuilder().withApiGroups("nos.dev").withResources("optimizersearches")
                                .withResourceNames(searchName).withVerbs("get", "watch").build(),
                        new PolicyRuleBuilder().withApiGroups("nos.dev").withResources("optimizersearches/status")
                                .withResourceNames(searchName).withVerbs("get", "patch").build(),
                        new PolicyRuleBuilder().withApiGroups("nos.dev").withResources("trialbatches")
                                .withVerbs("create", "get", "list", "watch", "patch", "update").build())
                .build();
    }

    public static RoleBinding roleBinding(OptimizerSearch search) {
        return new RoleBindingBuilder().withMetadata(meta(search, name(search)))
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(name(search))
                .endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(name(search))
                .withNamespace(search.getMetadata().getNamespace()).endSubject()
                .build();
    }

    public static PersistentVolumeClaim stateVolume(OptimizerSearch search) {
        return new PersistentVolumeClaimBuilder().withMetadata(meta(search, stateClaim(search)))
                .withNewSpec().withAccessModes("ReadWriteOnce")
                .withNewResources().withRequests(Map.of("storage", new Quantity("1Gi"))).endResources()
                .endSpec().build();
    }

    /** @param defaultImage the controller image when the search names none (the operator's setting) */
    public static Job job(OptimizerSearch search, String defaultImage) {
        PodSpecOverrides pod = search.getSpec().getControllerPod();
        String image = pod != null && pod.getImage() != null ? pod.getImage() : defaultImage;
        Map<String, String> labels = Map.of(WorkerJob.SEARCH_LABEL, search.getMetadata().getName(),
                ROLE_LABEL, CONTROLLER_ROLE);
        ObjectMeta meta = meta(search, name(search));
        meta.getLabels().put(ROLE_LABEL, CONTROLLER_ROLE); // the operator and the tests find it by this label
        return new JobBuilder().withMetadata(meta)
                .withNewSpec()
                    .withBackoffLimit(RESTARTS)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec()
                            .withServiceAccountName(name(search))
                            .withRestartPolicy("OnFailure")
                            .withNewSecurityContext().withRunAsNonRoot(true)
                                .withRunAsUser(WorkerJob.IMAGE_UID).withRunAsGroup(WorkerJob.IMAGE_UID)
                                .withFsGroup(WorkerJob.IMAGE_UID)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withContainers(new ContainerBuilder()
                                    .withName("controller")
                                    .withImage(image)
                                    .withEnv(new EnvVarBuilder().withName("NOS_SEARCH")
                                                    .withValue(search.getMetadata().getName()).build(),
                                            new EnvVarBuilder().withName("NOS_NAMESPACE").withNewValueFrom()
                                                    .withNewFieldRef().withFieldPath("metadata.namespace").endFieldRef()
                                                    .endValueFrom().build(),
                                            new EnvVarBuilder().withName("NOS_STATE_DIR").withValue(STATE_DIR).build(),
                                            new EnvVarBuilder().withName(MetricsEndpoint.PORT_ENV)
                                                    .withValue(Integer.toString(MetricsEndpoint.DEFAULT_PORT)).build())
                                    .withPorts(new ContainerPortBuilder().withName("metrics")
                                            .withContainerPort(MetricsEndpoint.DEFAULT_PORT).build())
                                    .withResources(pod == null ? null : pod.getResources())
                                    .withSecurityContext(new SecurityContextBuilder()
                                            .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                                            .withNewCapabilities().withDrop("ALL").endCapabilities().build())
                                    .withVolumeMounts(
                                            new VolumeMountBuilder().withName("state").withMountPath("/var/lib/nos").build(),
                                            new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build())
                                    .build())
                            .withVolumes(
                                    new VolumeBuilder().withName("state").withNewPersistentVolumeClaim()
                                            .withClaimName(stateClaim(search)).endPersistentVolumeClaim().build(),
                                    new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build())
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /** Every object, in the order to create them. */
    public static List<HasMetadata> all(OptimizerSearch search, String defaultImage) {
        return List.of(serviceAccount(search), role(search), roleBinding(search), stateVolume(search),
                job(search, defaultImage));
    }
}
