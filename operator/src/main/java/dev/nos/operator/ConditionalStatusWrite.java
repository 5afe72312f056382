package dev.nos.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

import java.util.function.Consumer;

/**
 * Writes a primary resource's status that holds state (a search's folded batches and counts, a batch's records) on
 * condition that the resource is still at the version the status was computed from.
 * <p>
 * Why: the Java Operator SDK hands a reconcile the primary from its informer's cache, which can be behind the API
 * server (behind the operator's own last write, or another writer's such as the controller pod's). A status computed
 * from such a copy and written unconditionally undoes what the newer version holds: a batch folded twice or dropped,
 * a record lost. Here the write carries the copy's {@code resourceVersion}, so the API server refuses a stale one
 * (409), and the reconcile is run again on a fresh copy. A successful write is put in the SDK's cache at once
 * (as the SDK's {@code PrimaryUpdateAndCacheUtils} does), so the next reconcile starts from it. A conflict is an
 * expected outcome, not a failed reconcile: it is not thrown.
 */
final class ConditionalStatusWrite {
    private ConditionalStatusWrite() {}

    /**
     * Server-side applies {@code patch} (name, namespace and the status to write) to the status of {@code primary}, as
     * the reconciler's field manager, on condition that the resource is at {@code primary}'s version, and puts the
     * written resource in the SDK's cache; false when it is not at that version (a conflict: reconcile again on a
     * fresher copy).
     */
    static <P extends HasMetadata> boolean write(P primary, P patch, Context<P> context) {
        return write(context.getClient(), context.getControllerConfiguration().fieldManager(), primary, patch,
                written -> context.eventSourceRetriever().getControllerEventSource()
                        .handleRecentResourceUpdate(ResourceID.fromResource(primary), written, primary));
    }

    /**
     * Server-side applies {@code patch} to the status of {@code primary} with {@code client}, as
     * {@code fieldManager}, on condition that the resource is at {@code primary}'s version; the written resource goes
     * to {@code written}. False, and nothing written, when the resource is at another version.
     */
    static <P extends HasMetadata> boolean write(KubernetesClient client, String fieldManager, P primary, P patch,
                                                 Consumer<P> written) {
        patch.getMetadata().setResourceVersion(primary.getMetadata().getResourceVersion());
        try {
            written.accept(client.resource(patch).subresource("status").patch(new PatchContext.Builder()
                    .withPatchType(PatchType.SERVER_SIDE_APPLY).withForce(true).withFieldManager(fieldManager)
                    .build()));
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }
}
