package ai.pretrain.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.time.Duration;

/** Connects to the configured Temporal cluster (TLS where configured), or starts the in-process dev server. */
final class TemporalConnection implements AutoCloseable {

  private final WorkflowServiceStubs service;
  private final TestServer.PortBoundTestServer devServer;

  TemporalConnection(WorkerConfig config, MeterRegistry registry) throws IOException {
    Scope metrics = new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofSeconds(10));
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setMetricsScope(metrics);
    if (config.devMode()) {
      devServer = TestServer.createPortBoundServer(config.devTemporalPort());
      options.setTarget("127.0.0.1:" + config.devTemporalPort());
    } else {
      devServer = null;
      options.setTarget(config.temporalAddress());
      config.tls().applyTo(options);
    }
    this.service = WorkflowServiceStubs.newConnectedServiceStubs(options.build(), Duration.ofSeconds(30));
  }

  WorkflowServiceStubs service() {
    return service;
  }

  @Override
  public void close() {
    service.shutdown();
    if (devServer != null) {
      devServer.close();
    }
  }
}
