"""Evidence packs: a pack from A/RES/79/1 OP42(g) and A/RES/79/329 PP11, reordered and annotated,
exported and read back (python-docx for the body and the table of sources, zipfile + lxml for
the footnotes part, JSON resolved back to store IDs); who may do what; the audit log."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from typer.testing import CliRunner

from peaceobs import accounts, packs
from peaceobs.cli import app
from peaceobs.pipeline import ingest_paths
from peaceobs.store import Store
from peaceobs.store.packs import PackNotFound
from peaceobs.track.roles import Forbidden

from .conftest import PG_URL

pytestmark = pytest.mark.corpus
PASSWORD = "a long enough password"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _ga(corpus: Path, symbol: str) -> Path:
    return corpus / "ga-documents-2023-2025" / "extracted" / f"{symbol.replace('/', '_')}.json"


@pytest.fixture
def packed(store: Store, corpus: Path) -> Store:
    """The Pact for the Future, the UN–AU cooperation resolution, and four users."""
    report = ingest_paths(store, [_ga(corpus, "A/RES/79/1"), _ga(corpus, "A/RES/79/329")])
    assert not report.failures
    accounts.add_user(store, "ada", "admin", PASSWORD)
    ada = accounts.actor(store, "ada")
    for name, role in (("ana", "analyst"), ("bo", "analyst"), ("rea", "reader")):
        accounts.add_user(store, name, role, PASSWORD, by=ada)
    return store


def _footnotes(data: bytes) -> list[str]:
    """The text of each real footnote (not the two separators) in a DOCX."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/footnotes.xml"))
        rels = z.read("word/_rels/document.xml.rels").decode()
        body = z.read("word/document.xml").decode()
    assert "relationships/footnotes" in rels and 'Target="footnotes.xml"' in rels
    notes = [n for n in root.iter(f"{W}footnote") if n.get(f"{W}type") is None]
    # Every footnote is referenced from the body exactly once.
    for n in notes:
        assert body.count(f'<w:footnoteReference w:id="{n.get(f"{W}id")}"/>') == 1
    return ["".join(t.text or "" for t in n.iter(f"{W}t")).strip() for n in notes]


def _build(store: Store) -> None:
    ana = accounts.actor(store, "ana")
    # A/RES/79/1 OP42(g): "(g) Ensure adequate, predictable and sustainable financing for African
    # Union-led peace support operations …"; A/RES/79/329 PP11: "Recalling Security Council
    # resolution 2719 (2023) …".
    packs.add_paragraph(store, ana, "au-financing", "A/RES/79/329", "PP11", note="recalls 2719",
                        title="AU peace support operations: financing")
    packs.add_paragraph(store, ana, "au-financing", "A/RES/79/1", "OP42(g)", note="the Pact's commitment")
    packs.add_paragraph(store, ana, "au-financing", "A/RES/79/1", "OP42(a)")
    packs.move(store, ana, "au-financing", 2, 1)  # the Pact first
    packs.annotate(store, ana, "au-financing", 3, "context for (g)")


def test_pack_build_reorder_annotate_export(packed: Store) -> None:
    _build(packed)
    ana = accounts.actor(packed, "ana")
    items = packed.pack_items("au-financing")
    assert [(i.ref["symbol"], i.ref["pid"], i.note) for i in items] == [
        ("A/RES/79/1", "OP42(g)", "the Pact's commitment"), ("A/RES/79/329", "PP11", "recalls 2719"),
        ("A/RES/79/1", "OP42(a)", "context for (g)")]
    pack = packed.pack("au-financing")
    assert pack is not None and (pack.owner, pack.shared, pack.items) == ("ana", False, 3)

    # JSON: every item resolves back to the store's IDs and text.
    data = json.loads(json.dumps(packs.export_json(packed, "au-financing", ana)))
    assert [i["citation"] for i in data["items"]] == [
        "General Assembly resolution 79/1, para. 42 (g)",
        "General Assembly resolution 79/329, eleventh preambular paragraph",
        "General Assembly resolution 79/1, para. 42 (a)"]
    for item in data["items"]:
        para = packed.get_document(item["symbol"]).paragraph(item["pid"])
        assert para is not None and (para.hash, para.text) == (item["hash"], item["text"])
        assert item["ref"]["hash"] == para.hash and item["changed"] is False
    assert data["items"][0]["text"].startswith("(g) Ensure adequate, predictable and sustainable financing")

    # DOCX: python-docx reads the body and the table of sources; the footnotes part holds one
    # footnote per quotation, long form at a document's first mention and short form after.
    blob = packs.export_docx(packed, "au-financing", ana)
    doc = docx.Document(io.BytesIO(blob))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "AU peace support operations: financing"
    assert any(t.startswith("“(g) Ensure adequate, predictable") for t in texts)
    assert "Note: the Pact's commitment" in texts and "Note: context for (g)" in texts
    assert _footnotes(blob) == ["General Assembly resolution 79/1, para. 42 (g).",
                                "General Assembly resolution 79/329, eleventh preambular paragraph.",
                                "Resolution 79/1, para. 42 (a)."]
    table = doc.tables[-1]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Source", "Title", "Date", "Paragraphs cited"]
    assert rows[1] == ["General Assembly resolution 79/1", "The Pact for the Future", "2024-09-22", "OP42(g), OP42(a)"]
    assert rows[2][0] == "General Assembly resolution 79/329" and rows[2][3] == "PP11"


def test_who_may_do_what_and_audit(packed: Store) -> None:
    _build(packed)
    rea, bo, ada = (accounts.actor(packed, n) for n in ("rea", "bo", "ada"))
    with pytest.raises(Forbidden, match="analyst or above"):
        packs.add_paragraph(packed, rea, "mine", "A/RES/79/1", "OP42(g)")
    assert packed.pack("mine") is None
    # Private: another analyst and a reader do not see it; the owner and an admin do.
    with pytest.raises(PackNotFound):
        packs.export_json(packed, "au-financing", bo)
    assert [p.name for p in packs.visible_packs(packed, ada)] == ["au-financing"]
    assert packs.visible_packs(packed, None) == []
    packs.share(packed, accounts.actor(packed, "ana"), "au-financing", True)
    # Shared: read-only for the team.
    assert len(packs.export_json(packed, "au-financing", rea)["items"]) == 3
    assert len(packs.export_json(packed, "au-financing", None)["items"]) == 3
    with pytest.raises(Forbidden, match="belongs to ana"):
        packs.annotate(packed, bo, "au-financing", 1, "mine now")
    with pytest.raises(Forbidden, match="belongs to ana"):
        packs.add_paragraph(packed, bo, "au-financing", "A/RES/79/1", "OP42(b)")
    with pytest.raises(Forbidden):
        packs.move(packed, rea, "au-financing", 1, 2)
    packs.annotate(packed, ada, "au-financing", 1, "checked by an admin")  # admins may edit any pack
    with pytest.raises(packs.PackError, match="no paragraph 'OP999'"):
        packs.add_paragraph(packed, bo, "other", "A/RES/79/1", "OP999")
    with pytest.raises(PackNotFound, match="no item 9"):
        packs.move(packed, ada, "au-financing", 9, 1)
    # A search is stored by its page's parameters and rendered again at export: its hits cite
    # their documents in one footnote (A/RES/79/329 and A/RES/79/1 both hold "resolution 2719").
    packs.add_item(packed, ada, "au-financing", "search", {"params": {"q": "resolution 2719"}}, note="to read")
    with pytest.raises(packs.PackError, match="needs params"):
        packs.add_item(packed, ada, "au-financing", "search", {})
    assert packs.export_json(packed, "au-financing", ada)["items"][-1]["ref"] == {"params": {"q": ["resolution 2719"]}}
    assert len(_footnotes(packs.export_docx(packed, "au-financing", ada))) == 4

    log = packed.audit_log(obj="pack:au-financing")
    assert [(r.actor, r.action) for r in reversed(log)] == [
        ("ana", "pack.create"), ("ana", "pack.add"), ("ana", "pack.add"), ("ana", "pack.add"), ("ana", "pack.move"),
        ("ana", "pack.note"), ("ana", "pack.share"), ("ada", "pack.note"), ("ada", "pack.add")]
    assert log[1].before == {"position": 1, "note": "the Pact's commitment"}


def test_cli(packed: Store, tmp_path: Path) -> None:
    db = PG_URL if packed.dialect == "postgres" else f"sqlite:///{tmp_path / 'peaceobs.db'}"
    runner = CliRunner()
    env = {"PEACEOBS_PASSWORD": PASSWORD}

    def run(*args: str) -> object:
        return runner.invoke(app, [*args, "--db", db], env=env)

    add = ["pack", "add", "brief", "A/RES/79/1", "--paragraph", "OP42(g)", "--note", "the Pact"]
    assert runner.invoke(app, [*add, "--db", db]).exit_code == 2  # no --as
    denied = run(*add, "--as", "rea")
    assert denied.exit_code == 3 and "reader" in denied.stderr
    assert run(*add, "--as", "ana").exit_code == 0
    assert run("pack", "add", "brief", "A/RES/79/329", "--paragraph", "PP11", "--as", "ana").exit_code == 0
    assert run("pack", "move", "brief", "2", "1", "--as", "ana").exit_code == 0
    assert run("pack", "note", "brief", "1", "recalls 2719", "--as", "ana").exit_code == 0
    assert run("pack", "note", "brief", "1", "hijack", "--as", "bo").exit_code == 2  # private: not even seen
    shown = run("pack", "show", "brief", "--json", "--as", "ana")
    assert shown.exit_code == 0, shown.stderr
    items = json.loads(shown.stdout)["items"]
    assert [(i["symbol"], i["pid"], i["note"]) for i in items] == [("A/RES/79/329", "PP11", "recalls 2719"),
                                                                   ("A/RES/79/1", "OP42(g)", "the Pact")]
    assert json.loads(run("pack", "list", "--json").stdout) == []  # private, and no --as
    assert run("pack", "share", "brief", "--team", "--as", "ana").exit_code == 0
    listed = json.loads(run("pack", "list", "--json").stdout)
    assert [(p["name"], p["items"], p["shared"]) for p in listed] == [("brief", 2, True)]
    assert run("pack", "note", "brief", "1", "hijack", "--as", "bo").exit_code == 3  # shared: read-only
    out_docx, out_json = tmp_path / "brief.docx", tmp_path / "brief.json"
    assert run("pack", "export", "brief", "--docx", str(out_docx)).exit_code == 0
    assert _footnotes(out_docx.read_bytes()) == ["General Assembly resolution 79/329, eleventh preambular paragraph.",
                                                 "General Assembly resolution 79/1, para. 42 (g)."]
    assert run("pack", "export", "brief", "--json", str(out_json)).exit_code == 0
    exported = json.loads(out_json.read_text(encoding="utf-8"))
    assert [(i["symbol"], i["pid"], i["hash"]) for i in exported["items"]] == [
        ("A/RES/79/329", "PP11", packed.get_document("A/RES/79/329").paragraph("PP11").hash),
        ("A/RES/79/1", "OP42(g)", packed.get_document("A/RES/79/1").paragraph("OP42(g)").hash)]
    assert run("pack", "export", "brief").exit_code == 2  # none of --docx, --pdf, --json
    out_pdf = tmp_path / "brief.pdf"
    assert run("pack", "export", "brief", "--pdf", str(out_pdf)).exit_code == 0
    assert out_pdf.read_bytes().startswith(b"%PDF")
    added = run("pack", "add-item", "brief", "comparison", "a=A/RES/79/329", "b=A/RES/79/1", "--as", "ana")
    assert added.exit_code == 0, added.stderr
    assert run("pack", "add-item", "brief", "mandate", "mission=NOSUCH", "--as", "ana").exit_code == 2
    assert run("pack", "add-item", "brief", "search", "no-equals-sign", "--as", "ana").exit_code == 2
    # Removing an item and deleting the pack: the owner may, another analyst may not.
    assert run("pack", "remove", "brief", "1", "--as", "bo").exit_code == 3  # shared: read-only for bo
    assert run("pack", "remove", "brief", "9", "--as", "ana").exit_code == 2  # no item 9
    removed = run("pack", "remove", "brief", "1", "--as", "ana")
    assert removed.exit_code == 0 and "2 left" in removed.stderr
    assert run("pack", "delete", "brief", "--as", "bo").exit_code == 3
    assert run("pack", "delete", "brief", "--as", "ana").exit_code == 0
    assert run("pack", "show", "brief", "--as", "ana").exit_code == 2


def test_remove_an_item_and_delete_a_pack(packed: Store) -> None:
    """Removing closes the gap; deleting takes the items with the pack; only the owner or an
    admin may; the audit log keeps what was removed and what the pack held."""
    _build(packed)
    ana, bo, ada = (accounts.actor(packed, n) for n in ("ana", "bo", "ada"))
    packs.share(packed, ana, "au-financing", True)
    with pytest.raises(Forbidden, match="belongs to ana"):
        packs.remove(packed, bo, "au-financing", 1)
    with pytest.raises(PackNotFound, match="no item 4"):
        packs.remove(packed, ana, "au-financing", 4)
    left = packs.remove(packed, ana, "au-financing", 1)  # A/RES/79/1 OP42(g), first after the move
    assert [(i.position, i.ref["symbol"], i.ref["pid"]) for i in left] == [
        (1, "A/RES/79/329", "PP11"), (2, "A/RES/79/1", "OP42(a)")]
    packs.add_paragraph(packed, ana, "au-financing", "A/RES/79/1", "OP42(b)")
    assert [i.position for i in packed.pack_items("au-financing")] == [1, 2, 3]  # appended after the gap closed
    with pytest.raises(Forbidden, match="belongs to ana"):
        packs.delete(packed, bo, "au-financing")
    packs.delete(packed, ada, "au-financing")  # an admin may
    assert packed.pack("au-financing") is None and packed.pack_items("au-financing") == []
    with pytest.raises(PackNotFound):
        packs.delete(packed, ada, "au-financing")
    log = packed.audit_log(obj="pack:au-financing")
    assert [(r.actor, r.action) for r in log[:3]] == [("ada", "pack.delete"), ("ana", "pack.add"), ("ana", "pack.remove")]
    removed = log[2].before
    assert (removed["position"], removed["kind"], removed["note"]) == (1, "paragraph", "the Pact's commitment")
    assert (removed["ref"]["symbol"], removed["ref"]["pid"]) == ("A/RES/79/1", "OP42(g)")
    assert [(i["ref"]["symbol"], i["ref"]["pid"]) for i in log[0].before["items"]] == [
        ("A/RES/79/329", "PP11"), ("A/RES/79/1", "OP42(a)"), ("A/RES/79/1", "OP42(b)")]
    # A new pack of the same name starts empty.
    packs.add_paragraph(packed, ana, "au-financing", "A/RES/79/1", "OP42(c)")
    assert len(packed.pack_items("au-financing")) == 1
