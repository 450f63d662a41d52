package ai.pretrain.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A block's parameters in DJL's own format, as files. Load before the trainer initializes so they stay trainable. */
final class Weights {

  private Weights() {}

  static Path save(Block block, Path file) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      block.saveParameters(out);
    }
    return file;
  }

  static void load(Block block, NDManager manager, Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      block.loadParameters(manager, in);
    } catch (MalformedModelException e) {
      throw new IOException("the weights in " + file.getFileName() + " do not fit this architecture: " + e.getMessage(),
          e);
    }
  }
}
