package ai.pretrain.source;

/**
 * Data that no retry can fix: which file, where in it (line, record, row or image), which column and why. Data prep
 * fails without retries on it, or skips and counts the record where the spec allows.
 */
public final class BadDataException extends RuntimeException {

  private final boolean skippable;

  private BadDataException(String message, boolean skippable) {
    super(message);
    this.skippable = skippable;
  }

  /** One bad record, which {@code onBadRecord: skip} may leave out. */
  public static BadDataException record(String file, String where, String column, String reason) {
    return new BadDataException(file + ", " + where + (column == null ? "" : ", column '" + column + "'") + ": "
        + reason, true);
  }

  /** A fault of the whole file or dataset (truncated, empty, one class): never skipped. */
  public static BadDataException file(String file, String reason) {
    return new BadDataException(file + ": " + reason, false);
  }

  /** A fault of the dataset as a whole, over all its files. */
  public static BadDataException dataset(String reason) {
    return new BadDataException(reason, false);
  }

  /** Whether {@code onBadRecord: skip} may leave this out rather than fail. */
  public boolean skippable() {
    return skippable;
  }
}
