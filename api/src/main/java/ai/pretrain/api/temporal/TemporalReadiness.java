package ai.pretrain.api.temporal;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the Temporal frontend answers for the configured namespace. */
@Readiness
@ApplicationScoped
public class TemporalReadiness implements HealthCheck {

  @Inject WorkflowServiceStubs stubs;
  @Inject TemporalConfig config;

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("temporal")
        .withData("address", config.address())
        .withData("namespace", config.namespace());
    try {
      stubs.blockingStub()
          .withDeadlineAfter(config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(config.namespace()).build());
      return response.up().build();
    } catch (StatusRuntimeException e) {
      return response.down().withData("error", e.getStatus().getCode() + ": " + e.getStatus().getDescription()).build();
    }
  }
}
