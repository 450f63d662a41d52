package ai.pretrain.spec;

/** How the pretrained encoder becomes a classifier: a new head, optionally with the encoder frozen. */
public record AdaptSpec(Integer headHiddenUnits, Double dropout, Boolean freezeEncoder) {

  public AdaptSpec {
    headHiddenUnits = headHiddenUnits == null ? 0 : headHiddenUnits;
    dropout = dropout == null ? 0.0 : dropout;
    freezeEncoder = freezeEncoder != null && freezeEncoder;
  }

  /** The same head with every layer trainable: how a from-scratch baseline trains, since a frozen random encoder is no baseline. */
  public AdaptSpec unfrozen() {
    return new AdaptSpec(headHiddenUnits, dropout, false);
  }

  public static AdaptSpec defaults() {
    return new AdaptSpec(null, null, null);
  }
}
