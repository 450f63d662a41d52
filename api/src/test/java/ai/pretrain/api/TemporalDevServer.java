package ai.pretrain.api;

import static org.junit.jupiter.api.Assertions.fail;

/** The tests run against the real Temporal dev server that {@code scripts/services.sh start} starts and exports. */
public final class TemporalDevServer {

  private TemporalDevServer() {}

  /** Fails, never skips, when no dev server has been started for this shell. */
  public static void require() {
    String address = System.getenv("TEMPORAL_ADDRESS");
    if (address == null || address.isBlank()) {
      fail("TEMPORAL_ADDRESS is not set: run `scripts/services.sh start`, then "
          + "`source \"$(scripts/services.sh env)\"`, and run the tests again; they need a real Temporal dev server");
    }
  }
}
