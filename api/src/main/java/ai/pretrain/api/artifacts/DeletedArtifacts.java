package ai.pretrain.api.artifacts;

import java.util.List;

/**
 * What {@code DELETE /api/v1/runs/{id}/artifacts} did: the stage outputs it deleted, those it kept because another
 * run still uses them, and the run's logs.
 *
 * @param deleted stage outputs ({@code stages/<stage>/<key>/}) deleted now, with the number of objects
 * @param kept stage outputs another run's stage also produced or reused, with those runs
 * @param logs the run's log folders ({@code runs/<workflow>/}) and the objects deleted under them
 */
public record DeletedArtifacts(String runId, List<Deleted> deleted, List<Kept> kept, List<Deleted> logs) {

  /** A folder of the store whose objects were deleted ({@code objects} is 0 when a DELETE before took them). */
  public record Deleted(String prefix, int objects) {}

  /** A stage's outputs left in place, and the runs that still use them. */
  public record Kept(String prefix, List<String> usedBy) {}
}
