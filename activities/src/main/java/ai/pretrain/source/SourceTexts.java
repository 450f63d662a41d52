package ai.pretrain.source;

import ai.pretrain.plugin.LabeledTexts;

/** A labeled text set read from a source, with its dataset card. */
public record SourceTexts(LabeledTexts texts, DatasetCard card) {}
