package ai.pretrain.data;

import ai.pretrain.source.ExampleIds;
import java.util.List;

/**
 * What names a dataset's examples besides their features: every example's id and the class names (null for a
 * regression); data prep writes the test split's as {@link TestExamples}.
 */
record ExampleNames(ExampleIds ids, List<String> classNames) {}
