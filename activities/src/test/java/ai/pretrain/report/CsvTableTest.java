package ai.pretrain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CsvTableTest {

  @Test
  void quotedCellsKeepTheirCommasQuotesAndNewlines() {
    CsvTable table = CsvTable.parse("a,b,c\r\n1,\"x, \"\"y\"\"\",\"two\nlines\"\n2,,\n");

    assertEquals(List.of("a", "b", "c"), table.header());
    assertEquals(List.of(List.of("1", "x, \"y\"", "two\nlines"), List.of("2", "", "")), table.rows());
    assertEquals(Optional.of(1), table.column(List.of("nope", "B")));
    assertEquals(1.0, table.number(table.rows().get(0), 0));
    assertNull(table.number(table.rows().get(1), 1));
    assertNull(table.number(table.rows().get(1), 7));
  }

  @Test
  void aTableWithoutAKnownMetricColumnGetsNoPlotsInsteadOfAnError() {
    CsvTable table = CsvTable.parse("trial,colour\n0,red\n1,blue\n");

    assertTrue(SweepPlots.of(table, Set.of("bestTrial"), "t").isEmpty());
    assertTrue(SweepPlots.of(CsvTable.parse(""), Set.of(), "t").isEmpty());
  }
}
