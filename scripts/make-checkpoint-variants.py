#!/usr/bin/env python3
"""Makes the checkpoint variants that the import's robustness tests read: the shapes and dtypes of Hugging Face folders
users bring, each a tiny random BERT saved by `transformers`' own `save_pretrained` (config.json and the weights; the
tests upload the tiny-bert fixture's WordPiece tokenizer files beside them, so they are not repeated here).

Writes, under activities/src/test/resources/hf/variants/ (committed; CI never runs this script):

  seq-classification/   BertForSequenceClassification, 5 labels: bert.* tensors with the pooler and a classifier
                        of shape (5, 32) that a run with another number of classes must replace
  pretraining/          BertForPreTraining: bert.* with the pooler, cls.predictions.* and cls.seq_relationship.*
  float16/              BertModel saved in float16 (model.half()), with what transformers computes from those
                        weights in float32 (reference.safetensors, as the tiny-bert fixture's)
  bfloat16/             the same in bfloat16
  untied-mlm/           BertForMaskedLM with tie_word_embeddings false: a decoder weight of its own
  sharded/              BertModel saved in shards (model.safetensors.index.json, model-0000N-of-0000M.safetensors)
  electra-discriminator/
                        ElectraForPreTraining (electra.* with embeddings_project from embedding_size 16 to hidden_size
                        32, discriminator_predictions.*, no masked-LM head), with what its ElectraModel computes

Usage: scripts/make-checkpoint-variants.py [electra-discriminator]   (only that variant; with the python of scripts/install-torch-oracle.sh, plus transformers)
"""
import pathlib
import shutil
import sys

import torch
import transformers
from safetensors.torch import save_file
from transformers import (BertConfig, BertForMaskedLM, BertForPreTraining, BertForSequenceClassification, BertModel,
                          ElectraConfig, ElectraForPreTraining)

REPO = pathlib.Path(__file__).resolve().parent.parent
HF = REPO / "activities/src/test/resources/hf"
OUT = HF / "variants"


def config(**extra):
    return BertConfig(vocab_size=1000, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                      intermediate_size=64, max_position_embeddings=64, type_vocab_size=2, pad_token_id=0, **extra)


def randomize(model, seed):
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for _, parameter in model.named_parameters():
            parameter.add_(torch.randn(parameter.shape, generator=generator) * 0.1)


def folder(name):
    path = OUT / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def reference(model, file):
    """What transformers computes in float32 from the (rounded) weights, on three sequences, two of them padded."""
    generator = torch.Generator().manual_seed(7)
    ids = torch.randint(5, 1000, (3, 16), generator=generator)
    mask = torch.ones(3, 16, dtype=torch.long)
    types = torch.zeros(3, 16, dtype=torch.long)
    types[0, 10:] = 1
    for row, used in ((1, 10), (2, 5)):
        ids[row, used:] = 0
        mask[row, used:] = 0
    model = model.float().eval()
    with torch.no_grad():
        out = model(input_ids=ids, token_type_ids=types, attention_mask=mask)
    tensors = {"last_hidden_state": out.last_hidden_state.contiguous(),
               "input_ids": ids, "token_type_ids": types, "attention_mask": mask}
    if getattr(out, "pooler_output", None) is not None:
        tensors["pooler_output"] = out.pooler_output.contiguous()
    save_file(tensors, str(file), metadata={"transformers": transformers.__version__, "torch": torch.__version__})


def electra_discriminator():
    torch.manual_seed(17)
    model = ElectraForPreTraining(ElectraConfig(vocab_size=1000, embedding_size=16, hidden_size=32,
                                                num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
                                                max_position_embeddings=64, type_vocab_size=2, pad_token_id=0))
    randomize(model, 17)
    path = folder("electra-discriminator")
    model.save_pretrained(path, safe_serialization=True)
    reference(model.electra, path / "reference.safetensors")


def main():
    torch.set_num_threads(1)
    if sys.argv[1:] == ["electra-discriminator"]:
        electra_discriminator()
        return
    torch.manual_seed(11)

    model = BertForSequenceClassification(config(num_labels=5))
    randomize(model, 11)
    model.save_pretrained(folder("seq-classification"), safe_serialization=True)

    model = BertForPreTraining(config())
    randomize(model, 12)
    model.save_pretrained(folder("pretraining"), safe_serialization=True)

    for seed, (name, dtype) in enumerate((("float16", torch.float16), ("bfloat16", torch.bfloat16)), start=13):
        model = BertModel(config())
        randomize(model, seed)
        path = folder(name)
        model.to(dtype).save_pretrained(path, safe_serialization=True)
        reference(BertModel.from_pretrained(path, torch_dtype=torch.float32), path / "reference.safetensors")

    model = BertForMaskedLM(config(tie_word_embeddings=False))
    randomize(model, 15)
    model.save_pretrained(folder("untied-mlm"), safe_serialization=True)

    model = BertModel(config())
    randomize(model, 16)
    path = folder("sharded")
    model.save_pretrained(path, safe_serialization=True, max_shard_size="100KB")
    reference(model, path / "reference.safetensors")

    electra_discriminator()
    print("wrote", OUT, "with transformers", transformers.__version__, "and torch", torch.__version__)


if __name__ == "__main__":
    main()
