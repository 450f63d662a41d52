package ai.pretrain.api.runs;

import ai.pretrain.api.temporal.TemporalConfig;
import ai.pretrain.spec.PipelineSpec;
import io.grpc.StatusRuntimeException;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The search attributes a run is started with, so the Temporal UI and {@code GET /api/v1/runs} can filter runs by
 * pipeline, owner, stage and best metric. Temporal refuses a start that names an unregistered attribute, so each is
 * set only where the namespace has it ({@code scripts/services.sh} registers them on the dev server); the pipeline
 * keeps the stage and the best metric current for the runs started with them.
 */
@ApplicationScoped
public class RunSearchAttributes {

  static final SearchAttributeKey<String> PIPELINE_NAME = ai.pretrain.pipeline.RunSearchAttributes.PIPELINE_NAME;
  static final SearchAttributeKey<String> OWNER = ai.pretrain.pipeline.RunSearchAttributes.OWNER;
  static final SearchAttributeKey<String> STAGE = ai.pretrain.pipeline.RunSearchAttributes.STAGE;
  static final SearchAttributeKey<Double> BEST_METRIC = ai.pretrain.pipeline.RunSearchAttributes.BEST_METRIC;
  private static final List<SearchAttributeKey<?>> ALL = List.of(PIPELINE_NAME, OWNER, STAGE, BEST_METRIC);

  private final WorkflowServiceStubs stubs;
  private final TemporalConfig config;
  private volatile Set<String> registered;

  RunSearchAttributes(WorkflowServiceStubs stubs, TemporalConfig config) {
    this.stubs = stubs;
    this.config = config;
  }

  SearchAttributes of(PipelineSpec spec, String owner) {
    SearchAttributes.Builder attributes = SearchAttributes.newBuilder();
    if (registered(PIPELINE_NAME)) {
      attributes.set(PIPELINE_NAME, spec.name());
    }
    if (registered(OWNER)) {
      attributes.set(OWNER, owner);
    }
    if (registered(STAGE)) {
      attributes.set(STAGE, "pending");
    }
    if (registered(BEST_METRIC)) {
      attributes.set(BEST_METRIC, 0.0);
    }
    return attributes.build();
  }

  boolean registered(SearchAttributeKey<?> key) {
    Set<String> names = registered;
    if (names == null) {
      OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
          OperatorServiceStubsOptions.newBuilder().setChannel(stubs.getRawChannel()).validateAndBuildWithDefaults());
      try {
        names = Set.copyOf(operator.blockingStub()
            .withDeadlineAfter(config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace(config.namespace()).build())
            .getCustomAttributesMap().keySet());
      } catch (StatusRuntimeException e) {
        // Asked again next time; until then runs start without them.
        return false;
      }
      // Only a complete answer is kept; one missing attribute is asked for again, in case it is registered later.
      if (ALL.stream().map(SearchAttributeKey::getName).allMatch(names::contains)) {
        registered = names;
      }
    }
    return names.contains(key.getName());
  }
}
