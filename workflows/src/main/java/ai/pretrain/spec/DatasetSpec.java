package ai.pretrain.spec;

/** Which dataset a pipeline reads: a built-in one by name. */
public record DatasetSpec(String name) {

  /** The built-in datasets the data-prep stage knows how to read. */
  public static final java.util.List<String> BUILT_IN = java.util.List.of("mnist");
}
