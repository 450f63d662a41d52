"""Reference values for the evaluation metric tests, computed once with scikit-learn.

Run with scikit-learn 1.9.1 and numpy 2.4.6 (Python 3.11):  python3 sklearn_reference.py
and paste the printed values into the *Test.java files beside this package's tests
(ClassificationMetricsTest, RocCurveTest, LogLossTest, PerplexityTest, RegressionMetricsTest).
Each block names the exact sklearn call; the fixtures here are the same literals as in the tests.
"""
import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, confusion_matrix, log_loss, mean_absolute_error,
                             mean_squared_error, precision_recall_fscore_support, r2_score,
                             roc_auc_score, roc_curve)


def show(name, value):
    value = np.asarray(value)
    if value.ndim == 0:
        print(f"{name} = {float(value)!r}")
    else:
        print(f"{name} = {[float(v) if np.isfinite(v) else str(v) for v in value.ravel()]}")


print("sklearn", sklearn.__version__, "numpy", np.__version__)

# --- ClassificationMetricsTest: 4 classes, class 3 never predicted, one class-2 example ---
y = [0, 1, 2, 0, 1, 1, 3, 0, 2, 1, 3, 0]
p = [0, 2, 2, 0, 1, 0, 1, 0, 2, 1, 0, 1]
labels = [0, 1, 2, 3]
print("\n# classification")
show("accuracy", accuracy_score(y, p))
for average in ["macro", "micro", "weighted"]:
    prf = precision_recall_fscore_support(y, p, labels=labels, average=average, zero_division=0)
    show(f"{average} precision, recall, f1", prf[:3])
prf = precision_recall_fscore_support(y, p, labels=labels, average=None, zero_division=0)
show("per-class precision", prf[0])
show("per-class recall", prf[1])
show("per-class f1", prf[2])
show("per-class support", prf[3])
show("confusion (row-major)", confusion_matrix(y, p, labels=labels))

# --- RocCurveTest: binary scores with ties ---
yb = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0]
sb = [0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.35, 0.2, 0.7, 0.6]
print("\n# binary roc")
fpr, tpr, thr = roc_curve(yb, sb)  # drop_intermediate=True, the default
show("fpr", fpr)
show("tpr", tpr)
show("thresholds", thr)
show("roc_auc_score", roc_auc_score(yb, sb))

# --- RocCurveTest / LogLossTest: 3-class probabilities (rows sum to 1) ---
ym = [0, 1, 2, 2, 1, 0, 1, 2, 0, 1]
P = np.array([
    [0.7, 0.2, 0.1],
    [0.3, 0.4, 0.3],
    [0.2, 0.2, 0.6],
    [0.1, 0.6, 0.3],
    [0.25, 0.5, 0.25],
    [0.5, 0.3, 0.2],
    [0.1, 0.1, 0.8],
    [0.3, 0.3, 0.4],
    [0.4, 0.4, 0.2],
    [0.2, 0.7, 0.1],
])
print("\n# one-vs-rest")
show("roc_auc_score(ovr, macro)", roc_auc_score(ym, P, multi_class="ovr", average="macro", labels=[0, 1, 2]))
for c in range(3):
    fpr, tpr, thr = roc_curve(np.asarray(ym) == c, P[:, c])
    show(f"class {c} fpr", fpr)
    show(f"class {c} tpr", tpr)
    show(f"class {c} auc", roc_auc_score(np.asarray(ym) == c, P[:, c]))
show("log_loss", log_loss(ym, y_proba=P, labels=[0, 1, 2]))

# Class 2 absent from the labels: sklearn's OvR refuses; the platform averages the classes present.
ya = [0, 1, 1, 0, 1, 0]
Pa = P[:6]
present = [c for c in range(3) if c in ya]
show("macro auc over present classes", np.mean([roc_auc_score(np.asarray(ya) == c, Pa[:, c]) for c in present]))

# A confident mistake: probability 0 for the true class is clipped to float64 eps.
show("log_loss with a zero", log_loss([0, 1], y_proba=np.array([[1.0, 0.0], [1.0, 0.0]]), labels=[0, 1]))

# --- PerplexityTest: exp of the mean cross-entropy equals exp(log_loss) over next-token distributions ---
tokens = [2, 0, 3, 3, 1]
Q = np.array([
    [0.1, 0.2, 0.5, 0.1, 0.1],
    [0.6, 0.1, 0.1, 0.1, 0.1],
    [0.05, 0.05, 0.1, 0.7, 0.1],
    [0.2, 0.2, 0.2, 0.2, 0.2],
    [0.3, 0.25, 0.15, 0.2, 0.1],
])
print("\n# perplexity")
show("exp(log_loss)", np.exp(log_loss(tokens, y_proba=Q, labels=[0, 1, 2, 3, 4])))

# --- RegressionMetricsTest ---
yr = [3.0, -0.5, 2.0, 7.0, 4.2, 1.1]
pr = [2.5, 0.0, 2.1, 7.8, 3.9, 0.4]
print("\n# regression")
show("mean_squared_error", mean_squared_error(yr, pr))
show("mean_absolute_error", mean_absolute_error(yr, pr))
show("r2_score", r2_score(yr, pr))
show("r2_score constant target, wrong", r2_score([2.0, 2.0, 2.0], [2.0, 2.5, 2.0]))
show("r2_score constant target, exact", r2_score([2.0, 2.0, 2.0], [2.0, 2.0, 2.0]))
