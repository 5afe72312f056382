package dev.nos.kubernetes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The image and resources of the pods the operator creates for a search (workers, or the controller). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodSpecOverrides {
    @JsonPropertyDescription("The container image. Default: the operator's setting (the chart's value).")
    private String image;

    @JsonPropertyDescription("CPU and memory requests and limits.")
    private ResourceRequirements resources;

    public String getImage() { return image; }
    public void setImage(String image) { this.image = image; }
    public ResourceRequirements getResources() { return resources; }
    public void setResources(ResourceRequirements resources) { this.resources = resources; }
}
