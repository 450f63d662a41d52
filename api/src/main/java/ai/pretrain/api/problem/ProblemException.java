package ai.pretrain.api.problem;

import ai.pretrain.spec.Violation;
import java.util.List;

/** A request the API refuses with a known status and a message the caller can act on. */
public final class ProblemException extends RuntimeException {

  private final transient Problem problem;

  private ProblemException(Problem problem) {
    super(problem.detail());
    this.problem = problem;
  }

  /** A problem a feature defines beside its own service (the model registry's, for one). */
  public static ProblemException of(Problem problem) {
    return new ProblemException(problem);
  }

  public static ProblemException runNotFound(String runId) {
    return new ProblemException(
        Problem.of("run-not-found", "Run not found", 404, "no run with id '" + runId + "'"));
  }

  public static ProblemException runClosed(String runId, String status) {
    String detail = "run '" + runId + "' is " + status + "; nothing to cancel";
    return new ProblemException(Problem.of("run-closed", "Run already closed", 409, detail));
  }

  /** A 400 naming every request parameter or header that was refused. */
  public static ProblemException invalidRequest(List<Violation> violations) {
    String detail = violations.size() == 1 ? "1 request parameter is invalid"
        : violations.size() + " request parameters are invalid";
    return new ProblemException(new Problem("https://pretrain.ai/problems/invalid-request", "Invalid request", 400,
        detail, violations));
  }

  /** A 400 for a body that does not parse as the media type its Content-Type declares; nothing was started. */
  public static ProblemException bodyNotDeclaredType(List<Violation> violations) {
    return new ProblemException(new Problem("https://pretrain.ai/problems/body-not-declared-type",
        "Body does not match its Content-Type", 400, "the body does not parse as its Content-Type; nothing was started",
        violations));
  }

  public static ProblemException idempotencyConflict(String runId) {
    return new ProblemException(Problem.of("idempotency-key-reused", "Idempotency key reused", 409,
        "this Idempotency-Key already started run '" + runId + "' from a different spec; use a new key"));
  }

  public static ProblemException artifactNotFound(String runId, String stage, String name) {
    return new ProblemException(Problem.of("artifact-not-found", "Artifact not found", 404,
        "run '" + runId + "' has no artifact '" + name + "' from stage '" + stage + "'"));
  }

  public static ProblemException runArtifactsDeleted(String runId) {
    return new ProblemException(Problem.of("run-artifacts-deleted", "Run artifacts deleted", 410,
        "the artifacts of run '" + runId + "' were deleted; the run's record stays at /api/v1/runs/" + runId));
  }

  public static ProblemException notRetryable(String runId, String status) {
    String detail = "run '" + runId + "' is " + status + "; only a run that failed, was cancelled, terminated or timed"
        + " out can be retried";
    return new ProblemException(Problem.of("run-not-retryable", "Run cannot be retried", 409, detail));
  }

  public static ProblemException unknownStage(String stage, List<String> stages) {
    return new ProblemException(Problem.of("stage-not-found", "Stage not found", 404,
        "a run has no stage '" + stage + "'; its stages are " + String.join(", ", stages)));
  }

  public static ProblemException reportNotReady(String runId) {
    return new ProblemException(Problem.of("report-not-found", "Report not found", 404,
        "run '" + runId + "' has no report yet; the evaluate stage writes it when the run's models are scored"));
  }

  public static ProblemException artifactOutsideStore(String uri) {
    return new ProblemException(Problem.of("artifact-outside-store", "Artifact outside the store", 403,
        "the artifact's URI " + uri + " is not inside the configured store, so the API does not serve it"));
  }

  public static ProblemException searchAttributeMissing(String name) {
    return new ProblemException(Problem.of("search-attribute-missing", "Search attribute not registered", 503,
        "the namespace has no '" + name + "' search attribute; register it as a Keyword "
            + "(scripts/services.sh does on the dev server; the Helm chart's search-attribute job in production)"));
  }

  public Problem problem() {
    return problem;
  }
}
