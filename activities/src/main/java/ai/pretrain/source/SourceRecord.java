package ai.pretrain.source;

import java.util.Map;

/**
 * One record of a table source: the file it came from, where in it ({@code line 12}, {@code record 5},
 * {@code row 7}), and its cells by column, each as text (null where missing).
 */
public record SourceRecord(String file, String where, Map<String, String> cells) {

  /** A {@link BadDataException} for {@code column} of this record. */
  public BadDataException bad(String column, String reason) {
    return BadDataException.record(file, where, column, reason);
  }
}
