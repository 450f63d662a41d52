package ai.pretrain.spec;

/** Which dataset a pipeline reads: the name of a dataset reader plugin. */
public record DatasetSpec(String name) {}
