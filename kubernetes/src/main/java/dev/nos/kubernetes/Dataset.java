package dev.nos.kubernetes;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The child's dataset, as {@code nos search --dataset}. */
public enum Dataset {
    @JsonProperty("fashion-mnist") FASHION_MNIST,
    @JsonProperty("cifar-10") CIFAR_10
}
