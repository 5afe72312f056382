package dev.nos.kubernetes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

import java.util.List;

/** The child protocol of a search: a preset, changes to it, and the data (see docs/reward-protocol.md). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChildSpec {
    @JsonPropertyDescription("quick, paper or large. Default quick.")
    private ChildPreset preset;

    @JsonPropertyDescription("Training examples of the sweep and the final run (overrides the preset).")
    @Min(1)
    private Integer trainExamples;

    @JsonPropertyDescription("Held-out validation examples (overrides the preset).")
    @Min(1)
    private Integer validationSize;

    @JsonPropertyDescription("The sweep's learning rates (overrides the preset).")
    private List<Double> learningRates;

    @JsonPropertyDescription("fashion-mnist (in the worker image) or cifar-10. Default fashion-mnist.")
    private Dataset dataset;

    @JsonPropertyDescription("The folder of the dataset's files inside the worker pods. Default: the usual places (Debian's package in the worker image).")
    private String dataPath;

    public ChildPreset getPreset() { return preset; }
    public void setPreset(ChildPreset preset) { this.preset = preset; }
    public Integer getTrainExamples() { return trainExamples; }
    public void setTrainExamples(Integer trainExamples) { this.trainExamples = trainExamples; }
    public Integer getValidationSize() { return validationSize; }
    public void setValidationSize(Integer validationSize) { this.validationSize = validationSize; }
    public List<Double> getLearningRates() { return learningRates; }
    public void setLearningRates(List<Double> learningRates) { this.learningRates = learningRates; }
    public Dataset getDataset() { return dataset; }
    public void setDataset(Dataset dataset) { this.dataset = dataset; }
    public String getDataPath() { return dataPath; }
    public void setDataPath(String dataPath) { this.dataPath = dataPath; }
}
