package dev.nos.data;

/** A dataset's official training and test parts. */
public record ImageDataset(String name, LabeledImages train, LabeledImages test) {
}
