#!/usr/bin/env python3
"""Makes the Hugging Face reference fixtures for the RoBERTa, XLM-RoBERTa and DistilBERT imports, with `transformers`.

The sibling of make-bert-fixtures.py (run that first: DistilBERT reuses tiny-bert's WordPiece tokenizer). Writes,
under activities/src/test/resources/hf/ (committed; CI never runs this script, so it needs no PyTorch):

  tiny-roberta/      a random RobertaForMaskedLM (tensors roberta.*, lm_head.*), layer_norm_eps 1e-5, with a byte-level
                     BPE tokenizer of 500 tokens (<s> <pad> </s> <unk> <mask>) trained on the first 2,000 emails
  tiny-xlm-roberta/  a random XLMRobertaModel (pooler included), pad_token_id 1, vocabulary 100, no tokenizer
  tiny-distilbert/   a random DistilBertForMaskedLM (tensors distilbert.*, vocab_transform, vocab_layer_norm,
                     vocab_projector), activation gelu, with tiny-bert's WordPiece tokenizer
  tiny-electra/      a random ElectraForMaskedLM (a generator: tensors electra.*, generator_predictions.*,
                     generator_lm_head.bias), embedding_size 12 under hidden_size 16 (so electra.embeddings_project),
                     with tiny-bert's WordPiece tokenizer
  <name>/reference.safetensors
                     input_ids and attention_mask (3 sequences, two padded with the pad token) and what transformers
                     computes from them in float32 without dropout: last_hidden_state (and pooler_output, logits)
  <name>/classifier-tensors.json
                     the state_dict of <Family>ForSequenceClassification for the same config with two labels: every
                     tensor name and shape, which the platform's export must write exactly
  tiny-roberta-emails.jsonl
                     for the first 1,000 emails: the ids Hugging Face's tokenizers library gives (special tokens added,
                     no truncation or padding) as count, sha256 of the comma-joined ids and the first 32 ids

Usage: scripts/make-encoder-fixtures.py [name ...]   (default: every fixture; the python of scripts/install-torch-oracle.sh, plus transformers)
Env:   PRETRAIN_DATA_ROOT (default ~/.cache/pretrain/data)
"""
import importlib
import json
import shutil
import sys

import torch
import transformers
from safetensors.torch import save_file
from tokenizers import ByteLevelBPETokenizer, processors
from transformers import (BertTokenizerFast, DistilBertConfig, DistilBertForMaskedLM,
                          DistilBertForSequenceClassification, DistilBertTokenizerFast, ElectraConfig,
                          ElectraForMaskedLM, ElectraForSequenceClassification, ElectraTokenizerFast, RobertaConfig,
                          RobertaForMaskedLM, RobertaForSequenceClassification, RobertaTokenizerFast,
                          XLMRobertaConfig, XLMRobertaForSequenceClassification, XLMRobertaModel)

bert_fixtures = importlib.import_module("make-bert-fixtures")
OUT = bert_fixtures.OUT
ROBERTA_SPECIAL = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]


def byte_level_bpe_tokenizer(texts, folder):
    """A RoBERTa-style byte-level BPE tokenizer trained on `texts`, saved as transformers saves RobertaTokenizerFast."""
    tok = ByteLevelBPETokenizer()
    tok.train_from_iterator(texts, vocab_size=500, min_frequency=2, special_tokens=ROBERTA_SPECIAL)
    tok.post_processor = processors.RobertaProcessing(("</s>", tok.token_to_id("</s>")), ("<s>", tok.token_to_id("<s>")))
    fast = RobertaTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", sep_token="</s>",
                                cls_token="<s>", unk_token="<unk>", pad_token="<pad>", mask_token="<mask>")
    fast.save_pretrained(folder)
    return tok.get_vocab_size()


def reference_inputs(vocab, length, seed, pad, first_ordinary):
    """Three sequences: full length and two padded with `pad` (the attention mask zero there)."""
    generator = torch.Generator().manual_seed(seed)
    ids = torch.randint(first_ordinary, vocab, (3, length), generator=generator)
    mask = torch.ones(3, length, dtype=torch.long)
    for row, used in ((1, length - 6), (2, 5)):
        ids[row, used:] = pad
        mask[row, used:] = 0
    return ids, mask


def save_reference(model, ids, mask, file):
    model.eval()
    with torch.no_grad():
        out = model(input_ids=ids, attention_mask=mask, output_hidden_states=True)
    tensors = {"last_hidden_state": out.hidden_states[-1]}
    if hasattr(out, "logits"):
        tensors["logits"] = out.logits
    if getattr(out, "pooler_output", None) is not None:
        tensors["pooler_output"] = out.pooler_output
    tensors = {k: v.contiguous().float() for k, v in tensors.items()}
    tensors.update(input_ids=ids, attention_mask=mask)
    save_file(tensors, str(file), metadata={"transformers": transformers.__version__, "torch": torch.__version__})


def classifier_tensors(classifier_class, config, file):
    """The tensors a <Family>ForSequenceClassification of this config holds, as save_pretrained writes them."""
    config = type(config).from_dict({**config.to_dict(), "num_labels": 2})
    state = classifier_class(config).state_dict()
    file.write_text(json.dumps({name: list(t.shape) for name, t in sorted(state.items())}, indent=1) + "\n")


def checkpoint(folder, model, classifier_class, vocab, seed, pad, first_ordinary):
    bert_fixtures.randomize(model, seed)
    model.save_pretrained(folder, safe_serialization=True)
    ids, mask = reference_inputs(vocab, 16, seed, pad, first_ordinary)
    save_reference(model, ids, mask, folder / "reference.safetensors")
    classifier_tensors(classifier_class, model.config, folder / "classifier-tensors.json")


def fresh(name):
    shutil.rmtree(OUT / name, ignore_errors=True)
    (OUT / name).mkdir(parents=True)
    return OUT / name


def tiny_roberta(texts):
    roberta = fresh("tiny-roberta")
    vocab = byte_level_bpe_tokenizer(texts, roberta)
    torch.manual_seed(11)
    config = RobertaConfig(vocab_size=vocab, hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
                           intermediate_size=32, max_position_embeddings=66, type_vocab_size=1, layer_norm_eps=1e-5,
                           pad_token_id=1, bos_token_id=0, eos_token_id=2)
    checkpoint(roberta, RobertaForMaskedLM(config), RobertaForSequenceClassification, vocab, 11, 1,
               len(ROBERTA_SPECIAL))
    bert_fixtures.tokenized_emails(roberta / "tokenizer.json", texts[:bert_fixtures.EMAILS],
                                   OUT / "tiny-roberta-emails.jsonl")


def tiny_xlm_roberta(texts):
    xlmr = fresh("tiny-xlm-roberta")
    torch.manual_seed(12)
    config = XLMRobertaConfig(vocab_size=100, hidden_size=16, num_hidden_layers=2, num_attention_heads=4,
                              intermediate_size=32, max_position_embeddings=40, type_vocab_size=1,
                              layer_norm_eps=1e-5, pad_token_id=1, hidden_act="gelu_new")
    checkpoint(xlmr, XLMRobertaModel(config), XLMRobertaForSequenceClassification, 100, 12, 1, 5)


def tiny_bert_wordpiece(folder, tokenizer_class):
    """tiny-bert's WordPiece tokenizer saved in `folder` as the family's fast tokenizer; returns its vocabulary size."""
    wordpiece = BertTokenizerFast.from_pretrained(OUT / "tiny-bert")
    tokenizer_class(tokenizer_object=wordpiece.backend_tokenizer, unk_token="[UNK]", sep_token="[SEP]",
                    pad_token="[PAD]", cls_token="[CLS]", mask_token="[MASK]").save_pretrained(folder)
    return len(wordpiece)


def tiny_distilbert(texts):
    distilbert = fresh("tiny-distilbert")
    vocab = tiny_bert_wordpiece(distilbert, DistilBertTokenizerFast)
    torch.manual_seed(13)
    config = DistilBertConfig(vocab_size=vocab, dim=24, n_layers=2, n_heads=3, hidden_dim=48,
                              max_position_embeddings=64, activation="gelu", pad_token_id=0)
    checkpoint(distilbert, DistilBertForMaskedLM(config), DistilBertForSequenceClassification, vocab, 13, 0,
               len(bert_fixtures.SPECIAL))


def tiny_electra(texts):
    electra = fresh("tiny-electra")
    vocab = tiny_bert_wordpiece(electra, ElectraTokenizerFast)
    torch.manual_seed(14)
    config = ElectraConfig(vocab_size=vocab, embedding_size=12, hidden_size=16, num_hidden_layers=2,
                           num_attention_heads=2, intermediate_size=32, max_position_embeddings=64,
                           hidden_act="gelu", pad_token_id=0)
    checkpoint(electra, ElectraForMaskedLM(config), ElectraForSequenceClassification, vocab, 14, 0,
               len(bert_fixtures.SPECIAL))


FIXTURES = {"tiny-roberta": tiny_roberta, "tiny-xlm-roberta": tiny_xlm_roberta, "tiny-distilbert": tiny_distilbert,
            "tiny-electra": tiny_electra}


def main():
    torch.set_num_threads(1)
    texts = bert_fixtures.emails(2000)
    for name in sys.argv[1:] or FIXTURES:
        FIXTURES[name](texts)
    print("wrote", OUT, "with transformers", transformers.__version__, "and torch", torch.__version__)


if __name__ == "__main__":
    main()
