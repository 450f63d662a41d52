package ai.pretrain.spec;

/** One thing wrong with a submitted spec: the dotted path of the offending field and what to do about it. */
public record Violation(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
