package ai.pretrain.api.problem;

/** A request the API refuses with a known status and a message the caller can act on. */
public final class ProblemException extends RuntimeException {

  private final transient Problem problem;

  private ProblemException(Problem problem) {
    super(problem.detail());
    this.problem = problem;
  }

  public static ProblemException runNotFound(String runId) {
    return new ProblemException(
        Problem.of("run-not-found", "Run not found", 404, "no run with id '" + runId + "'"));
  }

  public static ProblemException runClosed(String runId, String status) {
    String detail = "run '" + runId + "' is " + status + "; nothing to cancel";
    return new ProblemException(Problem.of("run-closed", "Run already closed", 409, detail));
  }

  public Problem problem() {
    return problem;
  }
}
