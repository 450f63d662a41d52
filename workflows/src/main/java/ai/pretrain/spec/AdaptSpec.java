package ai.pretrain.spec;

/** How the pretrained encoder becomes a classifier: a new head, optionally with the encoder frozen. */
public record AdaptSpec(Integer headHiddenUnits, Double dropout, Boolean freezeEncoder) {

  public AdaptSpec {
    headHiddenUnits = headHiddenUnits == null ? 0 : headHiddenUnits;
    dropout = dropout == null ? 0.0 : dropout;
    freezeEncoder = freezeEncoder != null && freezeEncoder;
  }

  public static AdaptSpec defaults() {
    return new AdaptSpec(null, null, null);
  }
}
