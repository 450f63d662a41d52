package ai.pretrain.storage;

/** A source URI that the platform will not read, with the spec field that named it and what to do instead. */
public final class SourceRefusedException extends IllegalArgumentException {

  private final String field;
  private final String problem;

  public SourceRefusedException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** The dotted spec field, e.g. {@code dataset.uri}. */
  public String field() {
    return field;
  }

  /** What is wrong and how to fix it, without the field. */
  public String problem() {
    return problem;
  }
}
