package dev.nos.kubernetes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

import java.util.List;

/** The child protocol of a search: a preset, changes to it, and the data (see docs/reward-protocol.md). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChildSpec {
    @JsonPropertyDescription("proxy, quick, paper, large or residual. Default proxy.")
    private ChildPreset preset;

    @JsonPropertyDescription("Training examples of the sweep and the final run (overrides the preset).")
    @Min(1)
    private Integer trainExamples;

    @JsonPropertyDescription("Held-out validation examples (overrides the preset).")
    @Min(1)
    private Integer validationSize;

    @JsonPropertyDescription("The sweep's learning rates (overrides the preset).")
    private List<Double> learningRates;

    @JsonPropertyDescription("After each rule's sweep, two more runs place the learning rate between the grid's points (ours, not the paper's; overrides the preset, which has it off).")
    private Boolean refineLearningRate;

    @JsonPropertyDescription("fashion-mnist (in the worker image) or cifar-10. Default fashion-mnist.")
    private Dataset dataset;

    @JsonPropertyDescription("The folder of the dataset's files inside the worker pods. Default: the usual places (Debian's package in the worker image), or /var/lib/nos/data with dataClaim.")
    private String dataPath;

    @JsonPropertyDescription("A PersistentVolumeClaim holding the dataset's files (CIFAR-10's binary batches), mounted read-only in every worker at dataPath (default /var/lib/nos/data).")
    private String dataClaim;

    /** Where a {@code dataClaim} is mounted when no {@code dataPath} is given. */
    public static final String DEFAULT_DATA_MOUNT = "/var/lib/nos/data";

    /** The folder the workers read the data from: {@code dataPath}, else the claim's default mount, else null. */
    public String workerDataPath() {
        return dataPath != null ? dataPath : dataClaim != null ? DEFAULT_DATA_MOUNT : null;
    }

    public ChildPreset getPreset() { return preset; }
    public void setPreset(ChildPreset preset) { this.preset = preset; }
    public Integer getTrainExamples() { return trainExamples; }
    public void setTrainExamples(Integer trainExamples) { this.trainExamples = trainExamples; }
    public Integer getValidationSize() { return validationSize; }
    public void setValidationSize(Integer validationSize) { this.validationSize = validationSize; }
    public List<Double> getLearningRates() { return learningRates; }
    public void setLearningRates(List<Double> learningRates) { this.learningRates = learningRates; }
    public Boolean getRefineLearningRate() { return refineLearningRate; }
    public void setRefineLearningRate(Boolean refineLearningRate) { this.refineLearningRate = refineLearningRate; }
    public Dataset getDataset() { return dataset; }
    public void setDataset(Dataset dataset) { this.dataset = dataset; }
    public String getDataPath() { return dataPath; }
    public void setDataPath(String dataPath) { this.dataPath = dataPath; }
    public String getDataClaim() { return dataClaim; }
    public void setDataClaim(String dataClaim) { this.dataClaim = dataClaim; }
}
