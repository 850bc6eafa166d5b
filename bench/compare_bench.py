"""Compare 300 × 300 paragraphs: peaceobs's structure-aware alignment, and Python's difflib over
the same paragraph lists (what a line diff does) as the baseline.

    python -m bench.compare_bench

Input: 300 real operative/preambular paragraphs (GA resolutions of session 79, in order) and a
revised copy: 10 % of paragraphs edited (a tenth of their words replaced), 5 % dropped, 5 %
added (taken from other resolutions), 5 % moved, the rest renumbered. Median of 5 runs.
"""

from __future__ import annotations

import copy
import random
import statistics
import time
from difflib import SequenceMatcher

from bench.common import CORPUS, machine, perturb
from peaceobs.compare import compare
from peaceobs.model import Document
from peaceobs.pipeline import load
from peaceobs.structure import paragraph_hash


def corpus_paragraphs(n: int, skip: int = 0) -> list:
    out = []
    for f in sorted((CORPUS / "ga-documents-2023-2025" / "extracted").glob("A_RES_79_*.json"))[skip:]:
        out += [p for p in load(f).paragraphs if p.kind in ("preambular", "operative") and p.parent is None]
        if len(out) >= n:
            return out[:n]
    return out


def revised(paras: list, extra: list, rng: random.Random) -> list:
    out = []
    for p in paras:
        r = rng.random()
        if r < 0.05:
            continue  # dropped
        q = copy.deepcopy(p)
        if r < 0.15:
            q.text = perturb(q.text, rng)
        out.append(q)
    for p in extra[: len(paras) // 20]:
        out.insert(rng.randrange(len(out)), copy.deepcopy(p))
    for _ in range(len(paras) // 20):
        out.insert(rng.randrange(len(out)), out.pop(rng.randrange(len(out))))
    for k, q in enumerate(out):
        q.pid, q.seq, q.hash = f"P{k}", k, paragraph_hash(q.text)
    return out


def main() -> None:
    rng = random.Random(5)
    a_paras = corpus_paragraphs(300)
    b_paras = revised(a_paras, corpus_paragraphs(40, skip=200), rng)
    a = Document("BENCH/A", paragraphs=a_paras)
    b = Document("BENCH/B", paragraphs=b_paras)
    ours, base = [], []
    for _ in range(5):
        t = time.perf_counter()
        comp = compare(a, b)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        SequenceMatcher(None, [p.text for p in a_paras], [p.text for p in b_paras], autojunk=False).get_opcodes()
        base.append(time.perf_counter() - t)
    o, d = statistics.median(ours), statistics.median(base)
    print(f"machine: {machine()}; {len(a_paras)} × {len(b_paras)} paragraphs")
    print("| tool | median s | finds |")
    print("|---|---|---|")
    print(f"| peaceobs compare | {o:.3f} | {comp.counts()} |")
    print(f"| difflib.SequenceMatcher over paragraphs (baseline) | {d:.3f} | equal/replace/insert/delete blocks only |")
    print(f"ratio peaceobs / difflib: {o / d:.1f}")


if __name__ == "__main__":
    main()
