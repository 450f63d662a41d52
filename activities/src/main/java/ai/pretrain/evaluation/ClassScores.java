package ai.pretrain.evaluation;

/** One class's row of a classification report: its precision, recall and F1, and how many test examples it has. */
public record ClassScores(int label, double precision, double recall, double f1, long support) {}
