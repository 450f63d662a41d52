package ai.pretrain.api.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

  @Test
  void parsesTheThreeSingleRangeForms() {
    assertEquals(Optional.of(new ByteRange(0, 99)), ByteRange.parse("bytes=0-99", 1000));
    assertEquals(Optional.of(new ByteRange(900, 999)), ByteRange.parse("bytes=900-", 1000));
    assertEquals(Optional.of(new ByteRange(950, 999)), ByteRange.parse("bytes=-50", 1000));
    assertEquals(Optional.of(new ByteRange(0, 999)), ByteRange.parse("bytes=-5000", 1000));
    assertEquals(Optional.of(new ByteRange(990, 999)), ByteRange.parse("bytes=990-5000", 1000));
  }

  @Test
  void ignoresWhatItDoesNotHonour() {
    assertEquals(Optional.empty(), ByteRange.parse(null, 1000));
    assertEquals(Optional.empty(), ByteRange.parse("bytes=0-1,5-6", 1000));
    assertEquals(Optional.empty(), ByteRange.parse("items=0-1", 1000));
    assertEquals(Optional.empty(), ByteRange.parse("bytes=5-1", 1000));
    assertEquals(Optional.empty(), ByteRange.parse("bytes=-", 1000));
  }

  @Test
  void rangesPastTheEndAreUnsatisfiable() {
    assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=1000-", 1000));
    assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 1000));
    assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=0-", 0));
  }
}
