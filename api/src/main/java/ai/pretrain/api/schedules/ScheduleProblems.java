package ai.pretrain.api.schedules;

import ai.pretrain.api.problem.Problem;
import ai.pretrain.api.problem.ProblemException;

/** The problems the schedules API answers with. */
final class ScheduleProblems {

  private ScheduleProblems() {}

  static ProblemException notFound(String id) {
    return ProblemException.of(Problem.of("schedule-not-found", "Schedule not found", 404,
        "no schedule with id '" + id + "'"));
  }
}
