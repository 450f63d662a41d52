package ai.pretrain.api.compare;

import java.util.Map;

/**
 * One spec field whose value differs between the compared runs.
 *
 * @param field the field's dotted path in the parsed spec, defaults filled in ({@code pretrain.learningRate},
 *     {@code evaluate.baselines[1]})
 * @param values its value in each run as text, by run id; a run whose spec has no such field is left out
 * @param change the values in the order the runs were named, {@code 0.001 -> 0.003} ({@code none} where absent)
 */
public record SpecDifference(String field, Map<String, String> values, String change) {}
