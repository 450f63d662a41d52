package ai.pretrain.source;

import ai.pretrain.plugin.LabeledDataset;
import ai.pretrain.spec.DatasetSpec;
import ai.pretrain.storage.SourceIdentity;
import ai.pretrain.storage.SourceLocation;
import ai.pretrain.storage.SourceObjects;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MNIST-style IDX files under a prefix: {@code <set>-images-idx3-ubyte[.gz]} with {@code <set>-labels-idx1-ubyte[.gz]},
 * the set {@code train} for training and {@code t10k} or {@code test} for a fixed test set (one pair alone is the
 * whole dataset). Pixels become [0, 1]; classes are the sorted label values.
 */
final class IdxFiles {

  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  private IdxFiles() {}

  /** One set's two files. */
  private record Pair(String set, SourceIdentity images, SourceIdentity labels) {}

  static ImageData read(SourceObjects sources, SourceLocation prefix, List<SourceIdentity> objects,
      DatasetSpec spec) throws IOException {
    List<Pair> pairs = pairs(prefix, objects);
    List<float[]> pixels = new ArrayList<>();
    Categories classes = new Categories();
    List<String> ids = new ArrayList<>();
    int rows = 0;
    int testFrom = -1;
    int height = 0;
    int width = 0;
    for (Pair pair : pairs) {
      if (!pair.set().equals("train") && pairs.size() > 1) {
        testFrom = rows;
      }
      int[] labels = labels(sources, prefix, pair.labels());
      int[] geometry = new int[2];
      float[] images = images(sources, prefix, pair.images(), labels.length, geometry);
      if (height != 0 && (geometry[0] != height || geometry[1] != width)) {
        throw BadDataException.file(pair.images().uri(), geometry[0] + "x" + geometry[1] + " images, and the "
            + "other set's are " + height + "x" + width);
      }
      height = geometry[0];
      width = geometry[1];
      pixels.add(images);
      for (int i = 0; i < labels.length; i++) {
        classes.add(Integer.toString(labels[i]));
        ids.add(pair.set() + "-" + i);
      }
      rows += labels.length;
    }
    if (spec.image() != null && (spec.image().height() != height || spec.image().width() != width
        || spec.image().channels() != 1)) {
      throw BadDataException.dataset(prefix.uri() + ": the IDX images are " + height + "x" + width + " grey; set "
          + "dataset.image to {width: " + width + ", height: " + height + ", channels: 1} or leave it out");
    }
    float[] features = new float[rows * height * width];
    int offset = 0;
    for (float[] part : pixels) {
      System.arraycopy(part, 0, features, offset, part.length);
      offset += part.length;
    }
    LabeledDataset examples = new LabeledDataset(features, classes.sortedIndices(), height * width,
        classes.distinct(), height, width, false);
    Map<String, Long> counts = new LinkedHashMap<>();
    long[] perClass = classes.counts();
    for (int c = 0; c < perClass.length; c++) {
      counts.put(classes.sorted().get(c), perClass[c]);
    }
    DatasetCard card = new DatasetCard(prefix.uri(), spec.format(), spec.task(), null, objects, rows, 0, List.of(),
        counts, List.of(PixelSummary.of(features)), null);
    return new ImageData(examples, testFrom, ids, card);
  }

  /** The image/label pairs, training set first; an image file without its labels fails, naming both. */
  private static List<Pair> pairs(SourceLocation prefix, List<SourceIdentity> objects) {
    Map<String, SourceIdentity> images = new TreeMap<>();
    Map<String, SourceIdentity> labels = new TreeMap<>();
    for (SourceIdentity object : objects) {
      String name = object.uri().substring(object.uri().lastIndexOf('/') + 1).replaceAll("\\.gz$", "");
      int images3 = name.indexOf("-images-idx3-ubyte");
      int labels1 = name.indexOf("-labels-idx1-ubyte");
      if (images3 > 0 && name.endsWith("-images-idx3-ubyte")) {
        images.put(name.substring(0, images3), object);
      } else if (labels1 > 0 && name.endsWith("-labels-idx1-ubyte")) {
        labels.put(name.substring(0, labels1), object);
      }
    }
    if (images.isEmpty()) {
      throw BadDataException.dataset(prefix.uri() + ": no *-images-idx3-ubyte[.gz] file under it");
    }
    List<Pair> pairs = new ArrayList<>();
    for (Map.Entry<String, SourceIdentity> set : images.entrySet()) {
      SourceIdentity labelFile = labels.get(set.getKey());
      if (labelFile == null) {
        throw BadDataException.file(set.getValue().uri(), "has no labels file " + set.getKey()
            + "-labels-idx1-ubyte[.gz] beside it");
      }
      pairs.add(new Pair(set.getKey(), set.getValue(), labelFile));
    }
    if (pairs.size() > 1 && pairs.stream().noneMatch(p -> p.set().equals("train"))) {
      throw BadDataException.dataset(prefix.uri() + ": several IDX sets (" + String.join(", ",
          pairs.stream().map(Pair::set).toList()) + ") and none is train-; name them train- and t10k- (or test-)");
    }
    pairs.sort(java.util.Comparator.comparing((Pair p) -> !p.set().equals("train")));
    if (pairs.size() > 2) {
      throw BadDataException.dataset(prefix.uri() + ": more than two IDX sets; keep train- and one of t10k-/test-");
    }
    return pairs;
  }

  private static int[] labels(SourceObjects sources, SourceLocation prefix, SourceIdentity file) throws IOException {
    try (DataInputStream in = open(sources, prefix, file)) {
      int magic = in.readInt();
      if (magic != LABELS_MAGIC) {
        throw BadDataException.file(file.uri(), String.format("is not an IDX labels file (magic 0x%08x, expected "
            + "0x%08x)", magic, LABELS_MAGIC));
      }
      int count = in.readInt();
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        try {
          labels[i] = in.readUnsignedByte();
        } catch (EOFException e) {
          throw BadDataException.file(file.uri(), "ends after label " + i + " of " + count + ": the file is "
              + "truncated");
        }
      }
      return labels;
    } catch (EOFException e) {
      throw BadDataException.file(file.uri(), "ends inside its header: the file is truncated or empty");
    }
  }

  private static float[] images(SourceObjects sources, SourceLocation prefix, SourceIdentity file, int expected,
      int[] geometry) throws IOException {
    try (DataInputStream in = open(sources, prefix, file)) {
      int magic = in.readInt();
      if (magic != IMAGES_MAGIC) {
        throw BadDataException.file(file.uri(), String.format("is not an IDX file of 8-bit images (magic 0x%08x, "
            + "expected 0x%08x)", magic, IMAGES_MAGIC));
      }
      int count = in.readInt();
      geometry[0] = in.readInt();
      geometry[1] = in.readInt();
      if (count != expected) {
        throw BadDataException.file(file.uri(), count + " images and its labels file has " + expected + " labels");
      }
      int size = geometry[0] * geometry[1];
      float[] pixels = new float[count * size];
      byte[] image = new byte[size];
      for (int i = 0; i < count; i++) {
        try {
          in.readFully(image);
        } catch (EOFException e) {
          throw BadDataException.file(file.uri(), "ends inside image " + (i + 1) + " of " + count + ": the file is "
              + "truncated");
        }
        for (int p = 0; p < size; p++) {
          pixels[i * size + p] = (float) ((image[p] & 0xff) / 255.0);
        }
      }
      return pixels;
    } catch (EOFException e) {
      throw BadDataException.file(file.uri(), "ends inside its header: the file is truncated or empty");
    }
  }

  private static DataInputStream open(SourceObjects sources, SourceLocation prefix, SourceIdentity file)
      throws IOException {
    InputStream raw = new BufferedInputStream(sources.open(sources.member(prefix, file), file), 1 << 16);
    return new DataInputStream(TableSources.inflated(raw, file.uri()));
  }
}
