package ai.pretrain.artifact;

/**
 * Where things live in the artifact store, relative to its root: the worker writes by these paths and the API reads,
 * lists and deletes by the same ones, so the layout is defined here once.
 */
public final class StoreLayout {

  /** Every stage run's outputs: {@code stages/<stage>/<key>/<name>}. */
  public static final String STAGES = "stages/";
  /** Written last into a stage run's folder; its presence marks the outputs complete (a cache entry). */
  public static final String MANIFEST = "stage.json";
  /** The cache key's parts, kept beside the outputs so a later miss can say which part changed. */
  public static final String CACHE_KEY = "key.json";
  /** Per-run folders (logs), {@code runs/<run>/}. */
  public static final String RUNS = "runs/";
  /** A record per run whose artifacts were deleted, {@code deleted-runs/<run>.json}. */
  public static final String DELETED_RUNS = "deleted-runs/";

  private StoreLayout() {}

  /** The folder holding every cached run of one stage kind. */
  public static String stageFolder(String stage) {
    return STAGES + stage + "/";
  }

  /** The folder of one stage run's outputs, named by its cache key. */
  public static String stageRunFolder(String stage, String key) {
    return stageFolder(stage) + key + "/";
  }

  /** One object of a stage run's outputs. */
  public static String stageObject(String stage, String key, String name) {
    return stageRunFolder(stage, key) + name;
  }

  /** Everything a run keeps outside the stage cache. */
  public static String runFolder(String runId) {
    return RUNS + runId + "/";
  }

  /** A run's logs for one stage: one folder per attempt, chunks in order inside. */
  public static String stageLogs(String runId, String stage) {
    return runFolder(runId) + "logs/" + stage + "/";
  }

  /** The record that a run's artifacts were deleted. */
  public static String deletionRecord(String runId) {
    return DELETED_RUNS + runId + ".json";
  }
}
