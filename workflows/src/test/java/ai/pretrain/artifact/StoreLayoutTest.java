package ai.pretrain.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The layout stores already written by earlier versions use: changing it would orphan their caches and logs. */
class StoreLayoutTest {

  @Test
  void stageOutputsLogsAndDeletionRecordsKeepTheirPaths() {
    assertEquals("stages/pretrain/", StoreLayout.stageFolder("pretrain"));
    assertEquals("stages/pretrain/0f3a/stage.json", StoreLayout.stageObject("pretrain", "0f3a", StoreLayout.MANIFEST));
    assertEquals("stages/pretrain/0f3a/key.json", StoreLayout.stageObject("pretrain", "0f3a", StoreLayout.CACHE_KEY));
    assertEquals("runs/run-1/logs/fine-tune/", StoreLayout.stageLogs("run-1", "fine-tune"));
    assertEquals("deleted-runs/run-1.json", StoreLayout.deletionRecord("run-1"));
  }

  @Test
  void oneSha256ForContentAndText() {
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.of(new byte[0]));
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.of("abc"));
  }
}
