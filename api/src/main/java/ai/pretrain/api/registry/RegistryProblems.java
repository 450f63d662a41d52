package ai.pretrain.api.registry;

import ai.pretrain.api.problem.Problem;
import ai.pretrain.api.problem.ProblemException;

/** The model registry's refusals, each a problem document naming what to do. */
final class RegistryProblems {

  private RegistryProblems() {}

  static ProblemException modelNotFound(String model) {
    return ProblemException.of(Problem.of("model-not-found", "Model not found", 404,
        "no model '" + model + "' is registered; POST /api/v1/models/" + model + "/versions with {\"runId\": ...} "
            + "registers its first version"));
  }

  static ProblemException versionNotFound(String model, String version) {
    return ProblemException.of(Problem.of("model-version-not-found", "Model version not found", 404,
        "model '" + model + "' has no version or alias '" + version + "'"));
  }

  static ProblemException versionDeleted(DeletedVersion deleted) {
    return ProblemException.of(Problem.of("model-version-deleted", "Model version deleted", 410,
        "version " + deleted.version() + " of model '" + deleted.model() + "' was deleted by " + deleted.deletedBy()
            + " at " + deleted.deletedAt()));
  }

  static ProblemException fileNotFound(String model, int version, String file) {
    return ProblemException.of(Problem.of("model-file-not-found", "Model file not found", 404,
        "version " + version + " of model '" + model + "' has no file '" + file + "'"));
  }

  static ProblemException runNotRegistrable(String runId, String why) {
    return ProblemException.of(Problem.of("run-not-registrable", "Run cannot be registered", 409,
        "run '" + runId + "' cannot be registered: " + why));
  }

  static ProblemException aliasInUse(String model, int version, String aliases) {
    return ProblemException.of(Problem.of("model-version-aliased", "Model version has aliases", 409,
        "version " + version + " of model '" + model + "' is where " + aliases + " point; move them first"));
  }

  static ProblemException adminOnly(String owner) {
    return ProblemException.of(Problem.of("forbidden", "Forbidden", 403,
        "'" + owner + "' is not an admin; only an admin deletes a model version"));
  }

  static ProblemException contended(String what) {
    return ProblemException.of(Problem.of("registry-contended", "Registry contended", 409,
        "too many concurrent writes to " + what + "; retry the request"));
  }
}
