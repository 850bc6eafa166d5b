"""Readers on small fixtures written here (HTML, Markdown, text) and on real Markdown."""

from pathlib import Path

import pytest

from peaceobs.ingest import ReaderError, read
from peaceobs.model import OPERATIVE, PREAMBULAR, TABLE
from peaceobs.pipeline import load

HTML = """<!doctype html><html lang="en"><head><title>Resolution 9002 (2030)</title>
<meta name="symbol" content="S/RES/9002 (2030)"><script>var x = "Decides to ignore";</script></head>
<body><nav>Home | Documents</nav>
<h1>Resolution 9002 (2030)</h1><p>Adopted by the Security Council at its 9999th meeting, on 2 March 2030</p>
<p>The Security Council,</p>
<p>Recalling its resolution 2719 (2023) on the financing of African Union-led peace support operations,</p>
<p>1. <em>Decides</em> to review the arrangements set out in resolution 2719 (2023);</p>
<p>2. Requests the Secretary-General to report by 15 March 2031:</p>
<ol><li>(a) on assessed contributions;</li><li>(b) on joint planning;</li></ol>
<table><tr><th>Year</th><th>Amount</th></tr><tr><td>2030</td><td>100</td></tr></table>
<p>3. Decides to remain seized of the matter.</p></body></html>"""


def test_html_reader_and_structure(tmp_path):
    path = tmp_path / "res9002.html"
    path.write_text(HTML, encoding="utf-8")
    raw = read(path)
    assert raw.meta["symbol"] == "S/RES/9002 (2030)" and raw.meta["language"] == "en"
    assert not any("ignore" in b.text or "Home" in b.text for b in raw.blocks)  # script, nav dropped
    doc = load(path)
    assert (doc.symbol, doc.date) == ("S/RES/9002 (2030)", "2030-03-02")
    assert [p.pid for p in doc.paragraphs if p.kind == PREAMBULAR] == ["PP1"]
    ops = [p.pid for p in doc.paragraphs if p.kind == OPERATIVE]
    assert ops[:4] == ["OP1", "OP2", "OP2(a)", "OP2(b)"] and "OP3" in ops
    assert any(p.kind == TABLE and "2030 | 100" in p.text for p in doc.paragraphs)
    assert {c.to_symbol for c in doc.citations} == {"S/RES/2719 (2023)"}


@pytest.mark.corpus
def test_markdown_front_matter(corpus):
    doc = load(corpus / "ga-resolutions-80-markdown" / "A_RES_80_11.md")
    assert (doc.symbol, doc.date, doc.language, doc.source_format) == ("A/RES/80/11", "2025-12-01", "en", "markdown")
    # 16 preambular paragraphs (the gold set's reading of A/RES/80/11); "Peacebuilding Commission"
    # before "1. Reaffirms" is a heading.
    assert len([p for p in doc.paragraphs if p.kind == PREAMBULAR]) == 16
    assert [p.pid for p in doc.paragraphs if p.kind == OPERATIVE and p.parent is None][-1] == "OP30"


def test_markdown_bad_front_matter(tmp_path):
    path = tmp_path / "A_RES_80_999.md"
    path.write_text("---\nsymbol: [unclosed\n---\ntext\n", encoding="utf-8")
    with pytest.raises(ReaderError, match="YAML front matter"):
        read(path)


def test_text_symbol_from_masthead(tmp_path):
    path = tmp_path / "anything.txt"
    path.write_text("United Nations S/RES/1445 (2002)\n\nResolution 1445 (2002)\n\nThe Security Council,\n\n"
                    "Recalling its previous resolutions,\n\n1. Welcomes the signature;\n", encoding="utf-8")
    doc = load(path)
    assert doc.symbol == "S/RES/1445 (2002)"
    assert [p.pid for p in doc.paragraphs if p.kind != "other"] == ["PP1", "OP1"]


def test_unsupported_extension(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("a,b\n")
    with pytest.raises(ReaderError, match="unsupported format"):
        read(Path(path))


def test_pypdf_warnings_name_their_file(caplog):
    """pypdf logs "EOF marker not found" without saying which file; read by peaceobs, it does."""
    import logging
    from pathlib import Path

    from peaceobs.ingest.pdf import _named_warnings

    with caplog.at_level(logging.WARNING), _named_warnings(Path("in/broken.pdf")):
        logging.getLogger("pypdf._reader").warning("EOF marker not found")  # as pypdf logs it
    assert [r.getMessage() for r in caplog.records] == ["in/broken.pdf: EOF marker not found"]
