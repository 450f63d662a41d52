package ai.pretrain.api.sweeps;

import ai.pretrain.api.problem.Problem;

/** A sweep request the API refuses with a known status; written as a problem document by {@link SweepProblemMapper}. */
public final class SweepProblem extends RuntimeException {

  private final transient Problem problem;

  private SweepProblem(Problem problem) {
    super(problem.detail());
    this.problem = problem;
  }

  public static SweepProblem sweepNotFound(String sweepId) {
    return new SweepProblem(Problem.of("sweep-not-found", "Sweep not found", 404, "no sweep with id '" + sweepId + "'"));
  }

  public static SweepProblem sweepClosed(String sweepId, String status) {
    return new SweepProblem(Problem.of("sweep-closed", "Sweep already closed", 409,
        "sweep '" + sweepId + "' is " + status + "; it has no trials to stop"));
  }

  public static SweepProblem runNotReady(String runId, String why) {
    return new SweepProblem(Problem.of("run-not-ready", "Run has no adapted model", 409,
        "run '" + runId + "' cannot seed a sweep: " + why));
  }

  public static SweepProblem trialNotFound(String sweepId, int trial) {
    return new SweepProblem(Problem.of("trial-not-found", "Trial not found", 404,
        "sweep '" + sweepId + "' has no trial " + trial));
  }

  public static SweepProblem sourceRunRequired() {
    return new SweepProblem(Problem.of("source-run-required", "Source run required", 400,
        "name the run whose adapted model the sweep fine-tunes: POST /api/v1/sweeps?fromRun=<runId>"));
  }

  public Problem problem() {
    return problem;
  }
}
