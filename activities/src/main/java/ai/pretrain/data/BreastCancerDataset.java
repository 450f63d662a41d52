package ai.pretrain.data;

/** 569 breast-mass biopsies, 30 measurements, malignant or benign (scikit-learn's breast_cancer). */
public final class BreastCancerDataset extends SklearnTable {

  public BreastCancerDataset() {
    super("breast_cancer.csv");
  }

  @Override
  public String name() {
    return "breast-cancer";
  }

  @Override
  public String summary() {
    return "569 breast-mass biopsies, 30 measurements, malignant or benign (scikit-learn's breast_cancer)";
  }
}
