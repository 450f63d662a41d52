package ai.pretrain.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Everything a training stage needs to go on exactly where it stopped, as one zip: the weights, the optimizer's moments
 * and step counts, the best weights early stopping kept, the loop's counters and the per-epoch history. Batch order and dropout are seeded
 * per epoch, so with these an epoch-boundary resume replays the same steps as an uninterrupted run.
 */
final class TrainingCheckpoint implements AutoCloseable {

  /** The loop's counters at the checkpoint. */
  record State(int epochsDone, long steps, double lastLoss, int bestEpoch, double bestScore) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEIGHTS = "weights.params";
  private static final String OPTIMIZER = "optimizer.bin";
  private static final String BEST = "best.params";
  private static final String STATE = "state.json";
  private static final String HISTORY = "history.json";

  private final ZipFile zip;

  private TrainingCheckpoint(ZipFile zip) {
    this.zip = zip;
  }

  static void write(Path file, Block network, AdamW optimizer, Path bestWeights, State state, TrainingHistory history)
      throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      out.putNextEntry(new ZipEntry(WEIGHTS));
      DataOutputStream data = new DataOutputStream(out);
      network.saveParameters(data);
      data.flush();
      out.putNextEntry(new ZipEntry(OPTIMIZER));
      optimizer.save(data, namesById(network));
      data.flush();
      if (bestWeights != null && Files.exists(bestWeights)) {
        out.putNextEntry(new ZipEntry(BEST));
        Files.copy(bestWeights, out);
      }
      out.putNextEntry(new ZipEntry(STATE));
      out.write(JSON.writeValueAsBytes(state));
      out.putNextEntry(new ZipEntry(HISTORY));
      out.write(history.toJson());
      out.closeEntry();
    }
  }

  static TrainingCheckpoint open(Path file) throws IOException {
    return new TrainingCheckpoint(new ZipFile(file.toFile()));
  }

  State state() throws IOException {
    try (InputStream in = entry(STATE)) {
      return JSON.readValue(in, State.class);
    }
  }

  TrainingHistory history() throws IOException {
    try (InputStream in = entry(HISTORY)) {
      return TrainingHistory.fromJson(in);
    }
  }

  /** Loads the weights; call before the trainer initializes so they stay trainable. */
  void loadWeights(Block network, NDManager manager) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(entry(WEIGHTS)))) {
      network.loadParameters(manager, in);
    } catch (ai.djl.MalformedModelException e) {
      throw new IOException("the checkpoint's weights do not fit this architecture: " + e.getMessage(), e);
    }
  }

  void loadOptimizer(AdamW optimizer, Block network, NDManager manager) throws IOException {
    Map<String, String> idByName = new HashMap<>();
    namesById(network).forEach((id, name) -> idByName.put(name, id));
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(entry(OPTIMIZER)))) {
      optimizer.load(in, idByName, manager);
    }
  }

  /** Copies the early-stopping best weights out, if the checkpoint has them. */
  boolean extractBest(Path target) throws IOException {
    ZipEntry best = zip.getEntry(BEST);
    if (best == null) {
      return false;
    }
    try (InputStream in = zip.getInputStream(best)) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return true;
  }

  private InputStream entry(String name) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      throw new IOException("the checkpoint has no " + name);
    }
    return zip.getInputStream(entry);
  }

  private static Map<String, String> namesById(Block network) {
    Map<String, String> names = new HashMap<>();
    for (Pair<String, Parameter> p : network.getParameters()) {
      names.put(p.getValue().getId(), p.getKey());
    }
    return names;
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
