package ai.pretrain.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheMissExplanationTest {

  @Test
  void aFieldAbsentInOneKeyAndNullInTheOtherIsNoDifferenceAndARemovedValueReadsUnset() {
    Map<String, Object> now = new HashMap<>();
    now.put("corpus", null);
    now.put("epochs", 1);
    CacheKey before = CacheKey.of("pretrain", Map.of("vocabularySize", 2000, "epochs", 1), List.of());

    assertEquals(List.of("config vocabularySize (2000 -> unset)"),
        CacheMissExplanation.differences(CacheKey.of("pretrain", now, List.of()), before));
  }

  @Test
  void keysThatDifferOnlyInHowAnUnsetFieldIsRecordedStillNameADifference() {
    Map<String, Object> now = new HashMap<>();
    now.put("corpus", null);
    now.put("epochs", 1);
    CacheKey before = CacheKey.of("pretrain", Map.of("epochs", 1), List.of());

    assertEquals(List.of("config (the same values, one recording an unset field as null)"),
        CacheMissExplanation.differences(CacheKey.of("pretrain", now, List.of()), before));
  }
}
