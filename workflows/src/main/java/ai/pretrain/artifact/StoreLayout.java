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
  /** The exported model's card, as a user downloads it. */
  public static final String MODEL_CARD = "model-card.json";
  /** Per-run folders (logs), {@code runs/<run>/}. */
  public static final String RUNS = "runs/";
  /** A record per run whose artifacts were deleted, {@code deleted-runs/<run>.json}. */
  public static final String DELETED_RUNS = "deleted-runs/";
  /** The model registry: {@code models/<model>/versions/}, {@code files/} and {@code aliases/}. */
  public static final String MODELS = "models/";

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

  /**
   * A run's model card inside the evaluate stage's folder: the card names the run, and runs that compute the same key
   * together must not overwrite each other's (the registry copies it as {@link #MODEL_CARD}).
   */
  public static String runModelCard(String runId) {
    return RUNS + runId + "/" + MODEL_CARD;
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

  /** Everything the registry keeps for one model. */
  public static String modelFolder(String model) {
    return MODELS + model + "/";
  }

  /** One manifest per registered version, created once under its number: {@code versions/<v>.json}. */
  public static String modelVersion(String model, int version) {
    return modelFolder(model) + "versions/" + version + ".json";
  }

  /** Where a registration copies a run's exported files, before (and whether or not) it wins a version number. */
  public static String modelFiles(String model, String registrationId) {
    return modelFolder(model) + "files/" + registrationId + "/";
  }

  /** Every move of one alias, each created once under its sequence number; the highest is where it points. */
  public static String aliasMoves(String model, String alias) {
    return modelFolder(model) + "aliases/" + alias + "/";
  }

  /** One move of an alias; zero-padded so the moves list in order. */
  public static String aliasMove(String model, String alias, int sequence) {
    return aliasMoves(model, alias) + String.format("%08d.json", sequence);
  }
}
