package ai.pretrain.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Word counts are exact under their bound and keep the frequent words, within the bound, past it. */
class WordCountsTest {

  @Test
  void underTheBoundEveryWordIsCountedExactly() {
    WordCounts counts = new WordCounts(100);
    counts.add("the whale, the sea");
    counts.add("the ship");
    assertEquals(0, counts.dropped());
    assertEquals(2L, counts.sorted().get("the"));
    assertEquals(1L, counts.sorted().get("Ġthe"));
    assertEquals(1L, counts.sorted().get("Ġsea"));
    assertEquals(2, counts.documents());
  }

  @Test
  void pastTheBoundTheRarestWordsGoAndTheFrequentOnesStay() {
    WordCounts counts = new WordCounts(1000);
    for (int i = 0; i < 20_000; i++) {
      counts.add("the whale number" + i + " swam");
    }
    assertTrue(counts.distinct() <= 1000, "distinct " + counts.distinct());
    assertTrue(counts.dropped() > 18_000, "dropped " + counts.dropped());
    assertEquals(20_000L, counts.sorted().get("the"));
    assertEquals(20_000L, counts.sorted().get("Ġswam"));
  }
}
