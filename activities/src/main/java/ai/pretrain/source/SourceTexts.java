package ai.pretrain.source;

import ai.pretrain.plugin.LabeledTexts;
import java.util.List;

/**
 * A labeled text set read from a source, with its dataset card; the documents of a fixed test set are last, from
 * {@code testFrom} (-1 where there is none). {@code ids} names every document, in order: the id column's values (else
 * record numbers); null for a built-in set, whose test examples are named by their row.
 */
public record SourceTexts(LabeledTexts texts, List<String> ids, DatasetCard card, int testFrom) {}
