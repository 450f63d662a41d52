package ai.pretrain.api.config;

import ai.pretrain.api.artifacts.StoreConfig;
import ai.pretrain.api.temporal.TemporalConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Reports every configuration problem in one message at start, and keeps the API unready until there are none (a
 * directory store that appears later, for one, makes it ready without a restart).
 */
@Readiness
@ApplicationScoped
public class ConfigurationReadiness implements HealthCheck {

  private static final Logger LOG = Logger.getLogger(ConfigurationReadiness.class);

  private final StoreConfig store;
  private final TemporalConfig temporal;

  ConfigurationReadiness(StoreConfig store, TemporalConfig temporal) {
    this.store = store;
    this.temporal = temporal;
  }

  void reportAtStart(@Observes StartupEvent started) {
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      LOG.errorf("the API's configuration has %d problem%s; it stays unready (/q/health/ready) until %s fixed:%n  - %s",
          problems.size(), problems.size() == 1 ? "" : "s", problems.size() == 1 ? "it is" : "they are",
          String.join(System.lineSeparator() + "  - ", problems));
    }
  }

  @Override
  public HealthCheckResponse call() {
    List<String> problems = problems();
    var response = HealthCheckResponse.named("configuration");
    for (int i = 0; i < problems.size(); i++) {
      response.withData("problem-" + (i + 1), problems.get(i));
    }
    return response.status(problems.isEmpty()).build();
  }

  private List<String> problems() {
    return ConfigurationProblems.of(store, temporal, ConfigurationProblems.defaultStore());
  }
}
