"""Every command that prints a table or wrapped text fits an 80-column terminal (COLUMNS=80):
no line longer than 80 characters, and the symbols, paragraph IDs and labels it names printed
whole on one line ("S/RES/390 (1976)", never "S/RES/3…"; "preambular", never "prea"). The store
is a few real documents: UNDOF's renewals 381, 390 and 398 and its establishment 350, the C-34
resolutions 78/291 and 79/296, A/RES/79/1 (the Pact), 79/308 and 78/305, the scale in 79/249 and
UNSOS's budget A/80/628."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from peaceobs.cli import app

pytestmark = pytest.mark.corpus
runner = CliRunner()
WIDTH = {"COLUMNS": "80"}
PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("width") / "width.db")
    sc = corpus / "unsc-resolutions-1946-1994" / "res_en_gold"
    ga = corpus / "ga-documents-2023-2025" / "extracted"
    files = [sc / f"S_RES_0{n}_EN_GOLD.txt" for n in ("350_1974", "381_1975", "390_1976", "398_1976")]
    files += [ga / f"A_RES_{s}.json" for s in ("78_291", "79_296", "79_1", "79_308", "78_305", "79_249")]
    files.append(corpus / "peacekeeping-budget-reports-2026-27" / "originals" / "A_80_628.docx")
    result = runner.invoke(app, ["ingest", "--db", path, *map(str, files)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["user", "add", "ada", "--role", "admin", "--db", path],
                         input=PASSWORD + "\n").exit_code == 0
    env = {"PEACEOBS_PASSWORD": PASSWORD}
    for args in (["track", "framework", "add", "pact", "--from", "A/RES/79/1", "--paragraphs", "OP42(a)-OP42(g)",
                  "--as", "ada"],
                 ["pack", "add", "undof", "S/RES/390 (1976)", "--paragraph", "OP1(b)", "--note",
                  "the renewal for another period of six months", "--shared", "--as", "ada"],
                 ["watch", "add", "undof-renewals", '"Disengagement Observer Force"', "--body", "SC"]):
        made = runner.invoke(app, [*args, "--db", path], env=env)
        assert made.exit_code == 0, made.output
    return path


# (arguments, strings each printed whole on one line). The strings are read from the documents:
# 390 (1976) OP1(a) "implement immediately Security Council resolution 338 (1973)", as 350 (1974)
# and 398 (1976) do (381 (1975) names no resolution by number); 79/308 OP4
# repeats 78/305 OP4; the Pact's Action 21 is OP42(a)-(g) of A/RES/79/1; A/80/628 table T2 is
# UNSOS's financial resources; 79/249 para. 12 adopts the scale in its table T1.
COMMANDS = [
    (["search", '"Disengagement Observer Force"'], ["S/RES/390 (1976)", "S/RES/398 (1976)", "OP1(b)"]),
    (["search", '"Disengagement Observer Force"', "--paragraphs"], ["S/RES/381 (1975)", "OP1(b)"]),
    (["show", "S/RES/390 (1976)"], ["S/RES/390 (1976)", "OP1(b) operative", "PP1 preambular"]),
    (["stats"], ["resolution", "preambular"]),
    (["cites", "S/RES/390 (1976)"], ["S/RES/338 (1973)", "OP1(a)"]),
    (["cited-by", "S/RES/338 (1973)"], ["S/RES/350 (1974)", "S/RES/390 (1976)", "S/RES/398 (1976)"]),
    (["cited-by", "S/RES/338 (1973)", "--paragraphs"], ["S/RES/350 (1974)", "S/RES/390 (1976)", "S/RES/398 (1976)"]),
    (["compare", "A/RES/78/291", "A/RES/79/296"], ["A/RES/78/291 → A/RES/79/296"]),
    (["chain", "S/RES/381 (1975)", "S/RES/390 (1976)", "S/RES/398 (1976)"],
     ["S/RES/381 (1975)", "S/RES/390 (1976)", "S/RES/398 (1976)"]),
    (["trace", "A/RES/79/308", "--paragraph", "OP4"], ["A/RES/78/305 OP4"]),
    (["cite", "A/RES/79/1", "--paragraph", "OP42(b)"], ["General Assembly resolution 79/1, para. 42 (b)"]),
    (["budget", "UNSOS"], ["A/80/628, T2", "2026/27", "proposed"]),
    (["scale"], ["regular:2025", "A/RES/79/249"]),
    (["scale", "regular:2025"], ["United States of America", "22.000"]),
    (["assess", "--budget", "481671800", "--share", "0.5", "--share", "0.75", "--scale", "regular:2025"],
     ["United States of America", "52,983,898", "79,475,847"]),  # 22 % of 240,835,900 and of 361,253,850
    (["track", "list"], ["pact", "A/RES/79/1", "OP42(a)-OP42(g)"]),
    (["track", "show", "pact"], ["OP42(a)", "OP42(g)"]),
    (["track", "suggest", "pact", "OP42(g)", "--model", "none", "--limit", "3"], ["pact OP42(g)"]),
    (["track", "audit"], ["framework.add"]),
    (["pack", "list"], ["undof"]),
    (["pack", "show", "undof"], ["resolution 390 (1976)"]),
    (["trends", "peacekeeping", "Disengagement Observer Force"], ["Disengagement Observer Force", "1976"]),
    (["emerging", "--body", "SC"], ["term"]),
    (["watch", "list"], ["undof-renewals"]),
    (["mandate", "UNDOF"], ["S/RES/350 (1974)", "S/RES/381 (1975)", "S/RES/390 (1976)", "S/RES/398 (1976)"]),
]


@pytest.mark.parametrize(("args", "whole"), COMMANDS, ids=[" ".join(a[:2]) for a, _ in COMMANDS])
def test_fits_80_columns(db: str, args: list[str], whole: list[str]) -> None:
    result = runner.invoke(app, [*args, "--db", db], env=WIDTH)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    too_long = [line for line in lines if len(line) > 80]
    assert not too_long, "\n".join(too_long)
    missing = [s for s in whole if not any(s in line for line in lines)]
    assert not missing, result.stdout


def test_show_prints_kinds_in_full(db: str) -> None:
    """390 (1976): three preambular paragraphs, OP1 "Decides:" and its (a)-(c), the vote."""
    lines = runner.invoke(app, ["show", "S/RES/390 (1976)", "--db", db], env=WIDTH).stdout.splitlines()
    kinds = {line.split()[1] for line in lines[3:] if line.split() and line.split()[0].startswith(("PP", "OP"))}
    assert kinds == {"preambular", "operative"}


def test_compare_in_a_pipe_marks_the_redline_in_plain_text(db: str) -> None:
    """A/RES/78/291 PP2 "resolution 77/302 of 29 June 2023" → A/RES/79/296 PP2 "resolution 78/291
    of 28 June 2024"; OP1 "Welcomes" → "Takes note of"."""
    out = runner.invoke(app, ["compare", "A/RES/78/291", "A/RES/79/296", "--db", db], env=WIDTH).stdout
    assert "[-77-]{+78+}/[-302-]{+291+}" in out
    assert "[-Welcomes-]{+Takes note of+}" in out
    assert "\x1b[" not in out  # no colour codes in a pipe
