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
import java.util.concurrent.TimeUnit;

/**
 * The search attributes a run is started with, so the Temporal UI can filter runs by pipeline. Temporal refuses a
 * start that names an unregistered attribute, so they are set only where the namespace has them
 * ({@code scripts/services.sh} registers them on the dev server).
 */
@ApplicationScoped
public class RunSearchAttributes {

  static final SearchAttributeKey<String> PIPELINE_NAME = SearchAttributeKey.forKeyword("PipelineName");

  private final WorkflowServiceStubs stubs;
  private final TemporalConfig config;
  private volatile Boolean registered;

  RunSearchAttributes(WorkflowServiceStubs stubs, TemporalConfig config) {
    this.stubs = stubs;
    this.config = config;
  }

  SearchAttributes of(PipelineSpec spec) {
    return registered() ? SearchAttributes.newBuilder().set(PIPELINE_NAME, spec.name()).build()
        : SearchAttributes.EMPTY;
  }

  private boolean registered() {
    if (registered == null) {
      OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
          OperatorServiceStubsOptions.newBuilder().setChannel(stubs.getRawChannel()).validateAndBuildWithDefaults());
      try {
        registered = operator.blockingStub()
            .withDeadlineAfter(config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace(config.namespace()).build())
            .containsCustomAttributes(PIPELINE_NAME.getName());
      } catch (StatusRuntimeException e) {
        // Asked again on the next start; until then the run starts without them.
        return false;
      }
    }
    return registered;
  }
}
