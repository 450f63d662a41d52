package ai.pretrain.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;

/**
 * Which dataset a pipeline reads: the {@code name} of a dataset reader plugin, or the {@code uri} of the user's own
 * objects (one object, or a prefix ending in /) with their {@code format} and columns. For a URI: {@code task}
 * (classification or regression), the {@code label} column, optional {@code features} (default: every column but
 * label, id and text), a {@code text} column for text tasks, an {@code id} column carried into the predictions, the
 * {@code image} geometry images are converted to, an optional fixed {@code test} set, what to do with a bad record
 * ({@code onBadRecord}: fail, or skip up to {@code maxBadFraction}), the one-hot cap {@code maxCategories} and
 * {@code missing} numeric values (fail, or mean). A name-only spec serializes as before ({@code {"name": ...}}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSpec(
    String name,
    String uri,
    String format,
    String task,
    String label,
    List<String> features,
    String text,
    String id,
    ImageSpec image,
    SourceSpec test,
    String onBadRecord,
    Double maxBadFraction,
    Integer maxCategories,
    String missing) {

  public static final String CSV = "csv";
  public static final String JSONL = "jsonl";
  public static final String PARQUET = "parquet";
  public static final String IMAGEFOLDER = "imagefolder";
  public static final String IDX = "idx";
  public static final List<String> FORMATS = List.of(CSV, JSONL, PARQUET, IMAGEFOLDER, IDX);
  public static final String CLASSIFICATION = "classification";
  public static final String REGRESSION = "regression";
  public static final String FAIL = "fail";
  public static final String SKIP = "skip";
  public static final String MEAN = "mean";

  public DatasetSpec {
    features = features == null ? null : List.copyOf(features);
    if (uri != null) {
      format = format == null ? formatOf(uri) : format;
      task = task == null ? CLASSIFICATION : task;
      onBadRecord = onBadRecord == null ? FAIL : onBadRecord;
      maxBadFraction = maxBadFraction == null ? 0.01 : maxBadFraction;
      maxCategories = maxCategories == null ? 50 : maxCategories;
      missing = missing == null ? FAIL : missing;
    }
  }

  /** A built-in dataset, by its reader plugin's name. */
  public DatasetSpec(String name) {
    this(name, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** Whether this is the user's own data by URI rather than a built-in reader. */
  public boolean hasUri() {
    return uri != null;
  }

  /** Whether a URI dataset's examples are images (imagefolder, idx). */
  public boolean images() {
    return IMAGEFOLDER.equals(format) || IDX.equals(format);
  }

  /** Whether a URI dataset is text for the transformer (it names a text column). */
  public boolean hasText() {
    return text != null;
  }

  /** Whether a URI dataset's target is continuous. */
  public boolean regression() {
    return REGRESSION.equals(task);
  }

  /**
   * The format an object's name implies ({@code .csv}, and tab-separated {@code .tsv} and {@code .tab} as csv;
   * {@code .jsonl}, {@code .parquet}, IDX names; .gz too).
   */
  public static String formatOf(String uri) {
    if (uri == null) {
      return null;
    }
    String name = uri.toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "");
    if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".tab")) {
      return CSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return JSONL;
    }
    if (name.endsWith(".parquet")) {
      return PARQUET;
    }
    if (name.contains("-idx1-ubyte") || name.contains("-idx3-ubyte")) {
      return IDX;
    }
    return null;
  }
}
