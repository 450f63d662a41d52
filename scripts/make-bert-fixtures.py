#!/usr/bin/env python3
"""Makes the Hugging Face reference fixtures that the BERT import tests compare against, with `transformers` itself.

Writes, under activities/src/test/resources/hf/ (committed; CI never runs this script, so it needs no PyTorch):

  tiny-bert/       a random BertModel (pooler included) in the Hugging Face layout: config.json, model.safetensors,
                   tokenizer.json (+ vocab.txt, tokenizer_config.json, special_tokens_map.json): a WordPiece tokenizer
                   of 1,000 pieces trained on the first 2,000 SpamAssassin emails
  tiny-bert-mlm/   a random BertForMaskedLM (tensors named bert.*, cls.predictions.*), layer_norm_eps 1e-5, same tokenizer
  tiny-bert-<act>/ a random BertModel per other hidden_act the import computes (gelu_new, gelu_pytorch_tanh, relu,
                   silu), vocabulary 100, no tokenizer
  <name>/reference.safetensors
                   input_ids, token_type_ids, attention_mask (3 sequences, two padded), and what transformers computes
                   from them in float32 without dropout: last_hidden_state, pooler_output (and logits for the MLM)
  minilm-reference.safetensors
                   the same for all-MiniLM-L6-v2 (scripts/fetch-data.sh minilm), on two tokenized sentences
  <tokenizer>-emails.jsonl
                   for the first 1,000 SpamAssassin emails: the ids Hugging Face's tokenizers library gives (special
                   tokens added, no truncation or padding) as count, sha256 of the comma-joined ids and the first 32 ids

Usage: scripts/make-bert-fixtures.py [activations]   (only the tiny-bert-<act> fixtures with the argument; with the python of scripts/install-torch-oracle.sh, plus transformers)
Env:   PRETRAIN_DATA_ROOT (default ~/.cache/pretrain/data)
"""
import hashlib
import json
import os
import pathlib
import shutil
import sys

import torch
import transformers
from safetensors.torch import save_file
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
from transformers import BertConfig, BertForMaskedLM, BertModel, BertTokenizerFast

REPO = pathlib.Path(__file__).resolve().parent.parent
OUT = REPO / "activities/src/test/resources/hf"
DATA = pathlib.Path(os.environ.get("PRETRAIN_DATA_ROOT", pathlib.Path.home() / ".cache/pretrain/data"))
EMAILS = 1000
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
ACTIVATIONS = ["gelu_new", "gelu_pytorch_tanh", "relu", "silu"]


def emails(count):
    with open(DATA / "spam-assassin/spam-assassin.jsonl", encoding="utf-8") as lines:
        return [json.loads(line)["text"] for _, line in zip(range(count), lines)]


def wordpiece_tokenizer(texts, folder):
    """A BERT-style WordPiece tokenizer trained on `texts`, saved as transformers saves BertTokenizerFast."""
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.train_from_iterator(texts, trainers.WordPieceTrainer(vocab_size=1000, special_tokens=SPECIAL))
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))])
    tok.decoder = decoders.WordPiece()
    fast = BertTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", sep_token="[SEP]", pad_token="[PAD]",
                             cls_token="[CLS]", mask_token="[MASK]", do_lower_case=True)
    fast.save_pretrained(folder)
    return tok.get_vocab_size()


def randomize(model, seed):
    """Every weight perturbed, LayerNorm scales and biases included, so a misplaced tensor shows in the outputs."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for _, parameter in model.named_parameters():
            parameter.add_(torch.randn(parameter.shape, generator=generator) * 0.1)


def reference_inputs(vocab, length, seed):
    """Three sequences: full length with a second segment, and two padded ones."""
    generator = torch.Generator().manual_seed(seed)
    ids = torch.randint(len(SPECIAL), vocab, (3, length), generator=generator)
    mask = torch.ones(3, length, dtype=torch.long)
    types = torch.zeros(3, length, dtype=torch.long)
    types[0, length - 6:] = 1
    for row, used in ((1, length - 6), (2, 5)):
        ids[row, used:] = 0
        mask[row, used:] = 0
    return ids, types, mask


def save_reference(model, ids, types, mask, file, mlm=False):
    model.eval()
    with torch.no_grad():
        if mlm:
            out = model(input_ids=ids, token_type_ids=types, attention_mask=mask, output_hidden_states=True)
            tensors = {"last_hidden_state": out.hidden_states[-1], "logits": out.logits}
        else:
            out = model(input_ids=ids, token_type_ids=types, attention_mask=mask)
            tensors = {"last_hidden_state": out.last_hidden_state, "pooler_output": out.pooler_output}
    tensors = {k: v.contiguous().float() for k, v in tensors.items()}
    tensors.update(input_ids=ids, token_type_ids=types, attention_mask=mask)
    save_file(tensors, str(file), metadata={"transformers": transformers.__version__, "torch": torch.__version__})


def tiny(folder, vocab, seed, mlm, hidden_act="gelu", **shape):
    config = BertConfig(vocab_size=vocab, max_position_embeddings=64, type_vocab_size=2, hidden_act=hidden_act,
                        hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1, pad_token_id=0, **shape)
    torch.manual_seed(seed)
    model = BertForMaskedLM(config) if mlm else BertModel(config)
    randomize(model, seed)
    model.save_pretrained(folder, safe_serialization=True)
    ids, types, mask = reference_inputs(vocab, 16, seed)
    save_reference(model, ids, types, mask, folder / "reference.safetensors", mlm)


def activation_variants():
    """tiny-bert-<hidden_act>/ for each feed-forward activation besides gelu that the import computes: config.json,
    model.safetensors, reference.safetensors (no tokenizer; the parity test feeds token ids)."""
    for seed, act in enumerate(ACTIVATIONS, start=3):
        folder = OUT / f"tiny-bert-{act}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        tiny(folder, 100, seed, False, hidden_act=act, hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
             intermediate_size=32, layer_norm_eps=1e-12)


def tokenized_emails(tokenizer_file, texts, file):
    tok = Tokenizer.from_file(str(tokenizer_file))
    tok.no_truncation()
    tok.no_padding()
    with open(file, "w", encoding="utf-8") as out:
        for index, encoding in enumerate(tok.encode_batch(texts)):
            ids = encoding.ids
            digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()
            out.write(json.dumps({"email": index, "count": len(ids), "sha256": digest, "head": ids[:32]}) + "\n")


def minilm_reference(file):
    folder = DATA / "minilm"
    model = BertModel.from_pretrained(folder)
    tokenizer = BertTokenizerFast.from_pretrained(folder)
    batch = tokenizer(["Congratulations! You have won a free cruise, reply now to claim your prize.",
                       "Meeting moved to 3pm."], padding=True, return_tensors="pt")
    save_reference(model, batch["input_ids"], batch["token_type_ids"], batch["attention_mask"], file)


def main():
    torch.set_num_threads(1)
    if sys.argv[1:] == ["activations"]:
        activation_variants()
        return
    texts = emails(2000)
    for name in ("tiny-bert", "tiny-bert-mlm"):
        shutil.rmtree(OUT / name, ignore_errors=True)
        (OUT / name).mkdir(parents=True)
    vocab = wordpiece_tokenizer(texts, OUT / "tiny-bert")
    for file in ("tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copy(OUT / "tiny-bert" / file, OUT / "tiny-bert-mlm" / file)
    tiny(OUT / "tiny-bert", vocab, 1, False, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
         intermediate_size=64, layer_norm_eps=1e-12)
    tiny(OUT / "tiny-bert-mlm", vocab, 2, True, hidden_size=24, num_hidden_layers=3, num_attention_heads=3,
         intermediate_size=48, layer_norm_eps=1e-5)
    activation_variants()
    tokenized_emails(OUT / "tiny-bert/tokenizer.json", texts[:EMAILS], OUT / "tiny-bert-emails.jsonl")
    if (DATA / "minilm/config.json").exists():
        minilm_reference(OUT / "minilm-reference.safetensors")
        tokenized_emails(DATA / "minilm/tokenizer.json", texts[:EMAILS], OUT / "minilm-emails.jsonl")
    else:
        print("no minilm under", DATA, "- run scripts/fetch-data.sh minilm; its fixtures were not made", file=sys.stderr)
    print("wrote", OUT, "with transformers", transformers.__version__, "and torch", torch.__version__)


if __name__ == "__main__":
    main()
