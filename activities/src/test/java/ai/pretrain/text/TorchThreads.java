package ai.pretrain.text;

/**
 * Runs PyTorch single-threaded in these tests. On a small shared CI machine, libtorch's default (one thread per core,
 * spinning while it waits) made these small models about 25 times slower. Only takes effect when it runs before the
 * engine first loads in the JVM.
 */
final class TorchThreads {

  private TorchThreads() {}

  static void single() {
    System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "1"));
    System.setProperty("ai.djl.pytorch.num_interop_threads",
        System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
  }
}
