package ai.pretrain.api.temporal;

import ai.pretrain.api.codec.PayloadCodecs;
import ai.pretrain.connection.TemporalTls;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/** Produces the one Temporal connection of the API and closes it on shutdown. */
public class TemporalClientProducer {

  /** Connects lazily, so the API starts (and reports not ready) while Temporal is down. */
  @Produces
  @Singleton
  WorkflowServiceStubs serviceStubs(TemporalConfig config) {
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(config.address());
    new TemporalTls(config.tlsCert(), config.tlsKey(), config.tlsCa()).applyTo(options);
    return WorkflowServiceStubs.newServiceStubs(options.build());
  }

  @Produces
  @Singleton
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalConfig config, PayloadCodecs codecs) {
    // Specs and results are encrypted before they reach Temporal when a codec key is configured.
    WorkflowClientOptions options = WorkflowClientOptions.newBuilder()
        .setNamespace(config.namespace())
        .setDataConverter(codecs.dataConverter())
        .build();
    return WorkflowClient.newInstance(stubs, options);
  }

  /** Schedules in the same namespace, their actions' specs encoded with the same data converter as runs'. */
  @Produces
  @Singleton
  ScheduleClient scheduleClient(WorkflowServiceStubs stubs, TemporalConfig config, PayloadCodecs codecs) {
    return ScheduleClient.newInstance(stubs, ScheduleClientOptions.newBuilder()
        .setNamespace(config.namespace())
        .setDataConverter(codecs.dataConverter())
        .build());
  }

  void close(@Disposes WorkflowServiceStubs stubs) throws InterruptedException {
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
  }
}
