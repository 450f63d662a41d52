#!/usr/bin/env python3
"""Checks a model the platform exported in the Hugging Face layout against transformers itself.

Loads the folder with AutoModelForSequenceClassification and AutoTokenizer, exactly as a user would, tokenizes the
emails of <folder>/platform-predictions.json (written beside the export by BertClassifierExportTest: the texts, the
sequence length and the platform's logits) the same way (truncation, padding to maxLength), and compares: every
tensor of the model must come from the folder (no missing, unexpected or newly initialized weights), label agreement
must be at least 99.9% and every logit within 1e-3.

Usage: scripts/check-hf-export.py [folder]   (default activities/target/hf-export/minilm-spam; the python of
       scripts/install-torch-oracle.sh)
"""
import json
import pathlib
import sys

import torch
import transformers
from transformers import AutoModelForSequenceClassification, AutoTokenizer

LOGIT_TOLERANCE = 1e-3
MIN_AGREEMENT = 0.999


def main():
    folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "activities/target/hf-export/minilm-spam")
    predictions = json.loads((folder / "platform-predictions.json").read_text(encoding="utf-8"))
    torch.set_num_threads(1)
    model, loading = AutoModelForSequenceClassification.from_pretrained(folder, output_loading_info=True)
    model.eval()
    unmatched = {kind: names for kind, names in loading.items() if names}
    tokenizer = AutoTokenizer.from_pretrained(folder)
    texts = [row["text"] for row in predictions["emails"]]
    platform = torch.tensor([row["logits"] for row in predictions["emails"]])
    logits = []
    with torch.no_grad():
        for start in range(0, len(texts), 50):
            batch = tokenizer(texts[start:start + 50], truncation=True, max_length=predictions["maxLength"],
                              padding="max_length", return_tensors="pt")
            logits.append(model(**batch).logits)
    logits = torch.cat(logits)
    agreement = (logits.argmax(1) == platform.argmax(1)).float().mean().item()
    worst = (logits - platform).abs().max().item()
    labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
    print(f"{folder}: {type(model).__name__} (transformers {transformers.__version__}, torch {torch.__version__}), "
          f"labels {labels}, {len(texts)} emails: label agreement {agreement:.4f}, "
          f"max |logit difference| {worst:.2e}, logits spanning {(logits.max(0).values - logits.min(0).values).tolist()}, "
          f"tensors not matched: {unmatched or 'none'}")
    ok = agreement >= MIN_AGREEMENT and worst <= LOGIT_TOLERANCE and not unmatched
    print("PASS" if ok else f"FAIL: needs every tensor matched, agreement >= {MIN_AGREEMENT} and logits within "
          f"{LOGIT_TOLERANCE}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
