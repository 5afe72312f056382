package dev.nos.kubernetes;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A search for update rules on a cluster: the user writes its spec (what {@code nos search} takes), the operator and
 * the controller pod write its status (see docs/architecture.md, "The protocol between operator, controller and
 * workers"). {@code kubectl get osearch} shows its phase, progress, best reward and rule.
 */
@Group(OptimizerSearch.GROUP)
@Version(OptimizerSearch.VERSION)
@ShortNames("osearch")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Trials", jsonPath = ".status.progress", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Best", jsonPath = ".status.best.reward", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Rule", jsonPath = ".status.best.rule", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class OptimizerSearch extends CustomResource<OptimizerSearchSpec, OptimizerSearchStatus> implements Namespaced {
    public static final String GROUP = "nos.dev";
    public static final String VERSION = "v1alpha1";
}
