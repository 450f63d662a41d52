package ai.pretrain.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules for data named by URI that the schema cannot express: a dataset names either a built-in reader or a URI,
 * the format must be known, tables and text need their label column, images their geometry. Whether the objects
 * and columns exist is checked where the store can be reached (the API at submit, data prep before reading).
 */
final class SourceRules {

  private static final List<String> URI_ONLY = List.of("format", "task", "label", "features", "text", "id", "image",
      "test", "onBadRecord", "maxBadFraction", "maxCategories", "missing");

  private SourceRules() {}

  static List<Violation> violations(JsonNode tree) {
    JsonNode dataset = tree.path("dataset");
    List<Violation> violations = new ArrayList<>();
    if (!dataset.isObject()) {
      return violations;
    }
    boolean named = dataset.has("name");
    boolean located = dataset.has("uri");
    if (named && located) {
      violations.add(new Violation("dataset.uri", "give either dataset.name (a built-in dataset) or dataset.uri (your "
          + "own data), not both"));
    } else if (!named && !located) {
      violations.add(new Violation("dataset.name", "is required: name a built-in dataset, or give dataset.uri for "
          + "your own data"));
    } else if (named) {
      URI_ONLY.stream().filter(dataset::has).forEach(field -> violations.add(new Violation("dataset." + field,
          "describes data by URI; a built-in dataset (dataset.name) has its own")));
    } else {
      violations.addAll(uriDataset(dataset));
    }
    JsonNode pretrain = tree.path("pretrain");
    JsonNode corpus = pretrain.path("corpus");
    if (corpus.isObject() && format(corpus) == null) {
      violations.add(unknownFormat("pretrain.corpus", corpus));
    }
    JsonNode data = pretrain.path("data");
    if (data.isObject()) {
      if (!located) {
        violations.add(new Violation("pretrain.data", "needs dataset.uri: the unlabeled set is read with the "
            + "dataset's columns and image geometry"));
      } else if (dataset.has("text")) {
        violations.add(new Violation("pretrain.data", "a text task pretrains on pretrain.corpus; use that instead"));
      }
    }
    return violations;
  }

  private static List<Violation> uriDataset(JsonNode dataset) {
    List<Violation> violations = new ArrayList<>();
    String format = format(dataset);
    if (format == null) {
      violations.add(unknownFormat("dataset", dataset));
      return violations;
    }
    boolean images = DatasetSpec.IMAGEFOLDER.equals(format) || DatasetSpec.IDX.equals(format);
    boolean regression = DatasetSpec.REGRESSION.equals(dataset.path("task").asText());
    if (images) {
      for (String field : List.of("label", "features", "text", "id", "missing", "maxCategories")) {
        if (dataset.has(field)) {
          violations.add(new Violation("dataset." + field, format + " data has no columns: "
              + (DatasetSpec.IDX.equals(format) ? "labels come from the *-labels-idx1-ubyte files"
                  : "classes are the folder names")));
        }
      }
      if (DatasetSpec.IMAGEFOLDER.equals(format) && !dataset.has("image")) {
        violations.add(new Violation("dataset.image", "is required for imagefolder: say what every image becomes, "
            + "e.g. image: {width: 28, height: 28, channels: 1}"));
      }
      if (regression) {
        violations.add(new Violation("dataset.task", format + " data is classified by its "
            + (DatasetSpec.IDX.equals(format) ? "labels file" : "folders") + "; use task: classification"));
      }
      if (!dataset.path("uri").asText().endsWith("/")) {
        violations.add(new Violation("dataset.uri", DatasetSpec.IDX.equals(format)
            ? "idx data is a prefix ending in / holding *-images-idx3-ubyte and *-labels-idx1-ubyte files"
            : "an imagefolder is a prefix ending in / with one folder per class"));
      }
      if (dataset.path("test").path("uri").isTextual() && !dataset.path("test").path("uri").asText().endsWith("/")) {
        violations.add(new Violation("dataset.test.uri", "a test set of images is a prefix ending in / like the "
            + "dataset's: " + (DatasetSpec.IDX.equals(format) ? "one *-images-idx3-ubyte and *-labels-idx1-ubyte pair"
                : "one folder per class")));
      }
    } else {
      if (!dataset.has("label")) {
        violations.add(new Violation("dataset.label", "is required for " + format + " data: the column that holds "
            + (regression ? "the target" : "the class")));
      }
      if (dataset.has("image")) {
        violations.add(new Violation("dataset.image", "applies to imagefolder and idx data only"));
      }
      if (dataset.has("text") && regression) {
        violations.add(new Violation("dataset.task", "text tasks are classification; remove task: regression"));
      }
      if (dataset.has("text") && dataset.has("features")) {
        violations.add(new Violation("dataset.features", "a text task reads only its text column; remove features"));
      }
    }
    JsonNode test = dataset.path("test");
    if (test.isObject() && test.path("uri").asText().equals(dataset.path("uri").asText())) {
      violations.add(new Violation("dataset.test.uri", "is the dataset itself; a test set must be other data"));
    }
    String testFormat = DatasetSpec.formatOf(test.path("uri").asText(null));
    if (test.isObject() && testFormat != null && !testFormat.equals(format)) {
      violations.add(new Violation("dataset.test.uri", test.path("uri").asText() + " is " + testFormat
          + " by its name, but a test set is read in the dataset's format, " + format + "; save it as " + format
          + " with the dataset's columns"));
    }
    return violations;
  }

  /** The format a source names or its extension implies; null when neither says. */
  private static String format(JsonNode source) {
    return source.path("format").isTextual() ? source.path("format").asText()
        : DatasetSpec.formatOf(source.path("uri").asText(null));
  }

  /**
   * A source whose format its name does not tell. A URI of a scheme no worker reads (an {@code http://} address, say)
   * is that problem first: no format would make it readable.
   */
  private static Violation unknownFormat(String field, JsonNode source) {
    String uri = source.path("uri").asText();
    int scheme = uri.indexOf("://");
    if (!uri.startsWith("s3://") && !uri.startsWith("file://")) {
      return new Violation(field + ".uri", (scheme > 0 ? uri.substring(0, scheme + 3) : "a URI without a scheme")
          + " is not read by this platform; upload the data with any S3 client and give its s3://bucket/key");
    }
    return new Violation(field + ".format", "cannot tell the format of " + uri + " from its name; set format: "
        + String.join(", ", DatasetSpec.FORMATS));
  }
}
