package ai.pretrain.data;

/** 178 wines from three cultivars, 13 chemical measurements (scikit-learn's wine). */
public final class WineDataset extends SklearnTable {

  public WineDataset() {
    super("wine_data.csv");
  }

  @Override
  public String name() {
    return "wine";
  }

  @Override
  public String summary() {
    return "178 wines from three cultivars, 13 chemical measurements (scikit-learn's wine)";
  }
}
