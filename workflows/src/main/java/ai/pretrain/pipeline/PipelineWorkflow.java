package ai.pretrain.pipeline;

import ai.pretrain.spec.PipelineSpec;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A durable pretrain-to-fine-tune run: prepare data, pretrain, adapt, sweep, fine-tune, evaluate. */
@WorkflowInterface
public interface PipelineWorkflow {

  @WorkflowMethod
  PipelineResult run(PipelineSpec spec);

  @QueryMethod
  PipelineProgress progress();
}
