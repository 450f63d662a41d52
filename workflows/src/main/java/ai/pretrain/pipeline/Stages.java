package ai.pretrain.pipeline;

import java.util.List;

/** The stage names of a pipeline run, in the order they execute. */
public final class Stages {

  public static final String PREPARE_DATA = "prepareData";
  public static final String PRETRAIN = "pretrain";
  public static final String ADAPT = "adapt";
  public static final String SWEEP = "sweep";
  public static final String FINE_TUNE = "fineTune";
  public static final String EVALUATE = "evaluate";

  /**
   * Part of the adapt stage, cached on its own: a language model's continued pretraining on the task's text, shared
   * by every model adapted from the same pretrained one (the pipeline's, the linear probe, sweep trials).
   */
  public static final String CONTINUED_PRETRAINING = "continuedPretraining";

  /**
   * Part of the evaluate stage, cached on its own: the run report drawn from every stage's results, whose artifacts
   * the evaluate stage's result carries.
   */
  public static final String REPORT = "report";

  public static final List<String> IN_ORDER = List.of(PREPARE_DATA, PRETRAIN, ADAPT, SWEEP, FINE_TUNE, EVALUATE);

  private Stages() {}
}
