package ai.pretrain.data;

/** 150 irises of three species, 4 measurements (scikit-learn's iris). */
public final class IrisDataset extends SklearnTable {

  public IrisDataset() {
    super("iris.csv");
  }

  @Override
  public String name() {
    return "iris";
  }

  @Override
  public String summary() {
    return "150 irises of three species, 4 measurements (scikit-learn's iris)";
  }
}
