package ai.pretrain.text;

import ai.pretrain.data.TestData;
import java.io.IOException;

/** The converted corpora that scripts/fetch-data.sh caches; a test that needs one fails saying how to get it. */
final class TextCorpora {

  private TextCorpora() {}

  static TextCorpus read(String name) throws IOException {
    String file = name + "/" + name + ".jsonl";
    return TextCorpus.read(TestData.require(file, name).resolve(file));
  }
}
