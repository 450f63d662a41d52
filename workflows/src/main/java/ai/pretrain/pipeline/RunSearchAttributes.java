package ai.pretrain.pipeline;

import io.temporal.common.SearchAttributeKey;

/**
 * The custom search attributes of a run, for filtering in the Temporal UI and {@code GET /api/v1/runs}. The API sets
 * those the namespace has registered when it starts a run; the pipeline then keeps {@link #STAGE} and
 * {@link #BEST_METRIC} current, but only those it was started with, since Temporal fails an upsert of an unregistered
 * attribute.
 */
public final class RunSearchAttributes {

  public static final SearchAttributeKey<String> PIPELINE_NAME = SearchAttributeKey.forKeyword("PipelineName");
  public static final SearchAttributeKey<String> OWNER = SearchAttributeKey.forKeyword("Owner");
  /** The stage running now, the one that failed or was cancelled, or {@code completed}. */
  public static final SearchAttributeKey<String> STAGE = SearchAttributeKey.forKeyword("PipelineStage");
  /** The pretrained model's test accuracy (test R² for a regression) once evaluated; 0 until then. */
  public static final SearchAttributeKey<Double> BEST_METRIC = SearchAttributeKey.forDouble("BestMetric");

  private RunSearchAttributes() {}
}
