package ai.pretrain.source;

import ai.pretrain.plugin.LabeledTexts;

/**
 * A labeled text set read from a source, with its dataset card; the documents of a fixed test set are last, from
 * {@code testFrom} (-1 where there is none).
 */
public record SourceTexts(LabeledTexts texts, DatasetCard card, int testFrom) {}
