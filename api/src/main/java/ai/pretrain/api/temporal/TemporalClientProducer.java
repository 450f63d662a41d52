package ai.pretrain.api.temporal;

import ai.pretrain.api.codec.PayloadCodecs;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.File;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/** Produces the one Temporal connection of the API and closes it on shutdown. */
public class TemporalClientProducer {

  /** Connects lazily, so the API starts (and reports not ready) while Temporal is down. */
  @Produces
  @Singleton
  WorkflowServiceStubs serviceStubs(TemporalConfig config) {
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(config.address());
    if (config.tlsCert().isPresent() || config.tlsCa().isPresent()) {
      options.setSslContext(sslContext(config));
    }
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

  void close(@Disposes WorkflowServiceStubs stubs) throws InterruptedException {
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
  }

  private static SslContext sslContext(TemporalConfig config) {
    try {
      SslContextBuilder builder = GrpcSslContexts.forClient();
      config.tlsCa().map(File::new).ifPresent(builder::trustManager);
      if (config.tlsCert().isPresent()) {
        File key = new File(config.tlsKey().orElseThrow(
            () -> new IllegalStateException("TEMPORAL_TLS_CERT is set but TEMPORAL_TLS_KEY is not")));
        builder.keyManager(new File(config.tlsCert().get()), key);
      }
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the TLS context for Temporal at " + config.address(), e);
    }
  }
}
