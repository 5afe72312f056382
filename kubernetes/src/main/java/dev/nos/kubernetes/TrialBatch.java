package dev.nos.kubernetes;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One batch of sampled rules of an {@link OptimizerSearch}: the controller pod writes its spec (the requests, once),
 * the operator its status (each request's record). Owned by its search, deleted once folded into the search's
 * status (docs/architecture.md).
 */
@Group(OptimizerSearch.GROUP)
@Version(OptimizerSearch.VERSION)
public class TrialBatch extends CustomResource<TrialBatchSpec, TrialBatchStatus> implements Namespaced {
}
