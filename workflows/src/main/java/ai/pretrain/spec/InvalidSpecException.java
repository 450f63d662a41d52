package ai.pretrain.spec;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a spec cannot run; carries every violation found, not only the first. */
public final class InvalidSpecException extends RuntimeException {

  private final List<Violation> violations;

  public InvalidSpecException(List<Violation> violations) {
    super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }
}
