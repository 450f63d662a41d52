package ai.pretrain.source;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** Each example's id (a source's id column, a record number, an image's path), looked up for a few rows at a time. */
public interface ExampleIds {

  /** The ids of {@code rows}, in that order. */
  List<String> of(int[] rows) throws IOException;

  /** Ids held in memory. */
  static ExampleIds of(List<String> ids) {
    return rows -> Arrays.stream(rows).mapToObj(ids::get).toList();
  }
}
