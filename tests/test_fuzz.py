"""Malformed input through every reader and the structure stage: a ReaderError or a document,
never a crash. Inputs are random bytes and real files damaged at random places."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peaceobs.ingest import ReaderError
from peaceobs.pipeline import load

EXTENSIONS = [".txt", ".json", ".md", ".docx", ".pdf", ".html"]
ROOT = Path(__file__).resolve().parent


def check(path: Path) -> None:
    try:
        doc = load(path)
    except ReaderError as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert doc.paragraphs and all(p.pid for p in doc.paragraphs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), ext=st.sampled_from(EXTENSIONS))
def test_random_bytes(tmp_path, data, ext):
    path = tmp_path / f"S_RES_0001_1946_EN{ext}"
    path.write_bytes(data)
    check(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=2000))
def test_random_text(tmp_path, text):
    for name in ("S_RES_0001_1946_EN.txt", "A_RES_80_1.md", "A_80_1.html"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        check(path)


SAMPLES = {
    ".pdf": "peacekeeping-budget-reports-2026-27/originals/A_80_590.pdf",
    ".docx": "peacekeeping-budget-reports-2026-27/originals/A_80_590.docx",
    ".json": "ga-documents-2023-2025/extracted/A_RES_79_250.json",
    ".md": "ga-resolutions-80-markdown/A_RES_80_11.md",
    ".txt": "unsc-resolutions-1946-1994/res_en_gold/S_RES_0390_1976_EN_GOLD.txt",
}


@pytest.mark.corpus
@pytest.mark.parametrize("ext", sorted(SAMPLES))
def test_damaged_real_files(corpus, tmp_path, ext):
    original = (corpus / SAMPLES[ext]).read_bytes()

    @settings(max_examples=25, deadline=None)
    @given(cuts=st.lists(st.tuples(st.integers(0, len(original) - 1), st.binary(max_size=64)), max_size=4),
           truncate=st.integers(1, len(original)))
    def damaged(cuts, truncate):
        data = bytearray(original[:truncate])
        for pos, junk in cuts:
            pos = min(pos, len(data))
            data[pos:pos + len(junk)] = junk
        path = tmp_path / Path(SAMPLES[ext]).name
        path.write_bytes(bytes(data))
        check(path)

    damaged()
