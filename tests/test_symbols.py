import pytest
from hypothesis import given
from hypothesis import strategies as st

from peaceobs.symbols import SymbolError, find_references, normalise, parse

CASES = [
    # as written, canonical, body, type, year, session
    ("S/RES/2719 (2023)", "S/RES/2719 (2023)", "SC", "resolution", 2023, None),
    ("S/RES/2719(2023)", "S/RES/2719 (2023)", "SC", "resolution", 2023, None),
    ("resolution 2719 (2023)", "S/RES/2719 (2023)", "SC", "resolution", 2023, None),
    ("A/RES/79/1", "A/RES/79/1", "GA", "resolution", None, 79),
    ("resolution 77/313", "A/RES/77/313", "GA", "resolution", None, 77),
    ("A/80/L.15", "A/80/L.15", "GA", "draft", None, 80),
    ("A/C.4/80/L.4/Rev.1", "A/C.4/80/L.4/Rev.1", "GA", "draft", None, 80),
    ("a/c.4/80/l.4/rev.1", "A/C.4/80/L.4/Rev.1", "GA", "draft", None, 80),
    ("A/80/604/Add.13", "A/80/604/Add.13", "GA", "document", None, 80),
    ("A_80_604_ADD.13", "A/80/604/Add.13", "GA", "document", None, 80),
    ("S/2024/123", "S/2024/123", "SC", "document", 2024, None),
    ("S/PV.9999", "S/PV.9999", "SC", "meeting", None, None),
    ("PSC/PR/COMM.1234 (2024)", "PSC/PR/COMM.1234 (2024)", "AU-PSC", "communique", 2024, None),
    ("PSC/PR/COMM.1234(2024)", "PSC/PR/COMM.1234 (2024)", "AU-PSC", "communique", 2024, None),
    ("A/RES/1874 (S-IV)", "A/RES/1874 (S-IV)", "GA", "resolution", None, None),
    ("resolution 3101 (XXVIII)", "A/RES/3101 (XXVIII)", "GA", "resolution", None, None),
    ("S/PRST/2024/1", "S/PRST/2024/1", "SC", "statement", 2024, None),
    ("A/80/PV.5", "A/80/PV.5", "GA", "meeting", None, 80),
    ("A/HRC/58/12", "A/HRC/58/12", "HRC", "document", None, 58),
]


@pytest.mark.parametrize("written,canonical,body,doc_type,year,session", CASES)
def test_parse_canonical(written, canonical, body, doc_type, year, session):
    s = parse(written)
    assert (s.canonical, s.body, s.doc_type, s.year, s.session) == (canonical, body, doc_type, year, session)
    assert parse(s.canonical) == s  # round trip


def test_sc_key_joins_with_and_without_year():
    assert parse("S/RES/2719").key == parse("resolution 2719 (2023)").key == "S/RES/2719"


@pytest.mark.parametrize("bad", ["", "hello", "X/RES/1", "S/RES/", "A/80/L.15/Foo.1", "resolution"])
def test_not_a_symbol(bad):
    with pytest.raises(SymbolError):
        parse(bad)


def test_references_in_running_text():
    text = ("Recalling its resolutions 1863 (2009) and 2036 (2012), and General Assembly resolutions "
            "55/235 and 55/236 of 23 December 2000, 1874 (S-IV) of 27 June 1963, the report (S/26034) "
            "and document A/79/318/Add.1, and resolution 841 1993 of 16 June 1993,")
    found = [r.symbol.canonical for r in find_references(text)]
    assert found == ["S/26034", "A/79/318/Add.1", "S/RES/1863 (2009)", "S/RES/2036 (2012)",
                     "A/RES/55/235", "A/RES/55/236", "A/RES/1874 (S-IV)", "S/RES/841 (1993)"]
    first = next(r for r in find_references(text) if r.symbol.canonical == "S/RES/1863 (2009)")
    assert first.raw == "resolutions 1863 (2009)"


def test_no_references_in_plain_prose():
    assert list(find_references("The Council decides to remain seized of the matter in 1990, 15 members.")) == []


_sc = st.builds(lambda n, y: f"S/RES/{n} ({y})", st.integers(1, 3000), st.integers(1946, 2030))
_ga = st.builds(lambda s, n: f"A/RES/{s}/{n}", st.integers(31, 99), st.integers(1, 400))
_draft = st.builds(lambda c, s, n, r: f"A/{c}{s}/L.{n}{r}", st.sampled_from(["", "C.1/", "C.4/", "C.5/"]),
                   st.integers(31, 99), st.integers(1, 90), st.sampled_from(["", "/Rev.1", "/Rev.2"]))
_doc = st.builds(lambda s, n, a: f"A/{s}/{n}{a}", st.integers(31, 99), st.integers(1, 999),
                 st.sampled_from(["", "/Add.1", "/Add.13", "/Corr.1"]))


@given(st.one_of(_sc, _ga, _draft, _doc))
def test_canonical_is_a_fixed_point(symbol):
    s = parse(symbol)
    assert s.canonical == symbol
    assert normalise(s.canonical.lower()) == s.canonical
    assert normalise(s.canonical.replace("/", "_")) == s.canonical


_suffixed = st.one_of(
    st.builds(lambda s, n, a: f"A/{s}/{n}/Add.{a}", st.integers(31, 99), st.integers(1, 999), st.integers(1, 30)),
    st.builds(lambda s, n, r: f"A/{s}/L.{n}/Rev.{r}", st.integers(31, 99), st.integers(1, 90), st.integers(1, 9)),
    st.builds(lambda s, n, c: f"A/C.{c}/{s}/L.{n}/Rev.{c}", st.integers(31, 99), st.integers(1, 90), st.integers(1, 6)),
    st.builds(lambda y, n, c: f"S/{y}/{n}/Corr.{c}", st.integers(1994, 2030), st.integers(1, 999), st.integers(1, 3)),
)


@given(_suffixed, st.integers(1, 60), st.sampled_from([",", ";", ")", ", para. 3)"]))
def test_reference_followed_by_a_footnote_number_keeps_its_own_number(symbol, note, after):
    """Removing a page's footnote markers never takes the Add./Rev./Corr. number of a symbol
    ("(A/78/481/Add.2, para. 139)" once became "A/78/481/Add.")."""
    from peaceobs.structure.furniture import strip_markers

    line = f"as set out in the report ({symbol}{after}{note} and in the annex"
    kept = strip_markers([line], [str(note)])[0]
    assert [r.symbol.canonical for r in find_references(kept)] == [symbol]
    assert f"{after}{note} " not in kept  # the marker itself is gone


def test_resolutions_of_other_bodies_resolve_to_their_own_symbols():
    text = ("Recalling Human Rights Council resolutions 18/6 of 29 September 2011, 24/1 and 33/3, "
            "Economic and Social Council resolution 2024/12, General Assembly resolution 70/1, "
            "Assembly resolution 65/7 and Council resolution 1947 (2010), United Nations Environment "
            "Assembly resolution 5/2 and the Commission on Human Rights resolution 2005/69, and "
            "General Assembly decision 62/557")
    assert [r.symbol.canonical for r in find_references(text)] == [
        "A/HRC/RES/18/6", "A/HRC/RES/24/1", "A/HRC/RES/33/3", "E/RES/2024/12", "A/RES/70/1",
        "A/RES/65/7", "S/RES/1947 (2010)", "E/CN.4/RES/2005/69", "A/DEC/62/557"]


def test_joint_symbols_and_document_parts():
    text = "A/79/552-S/2024/767, A/79/6 (Sect. 3)/Add.1, ST/SGB/2019/2 and A/80/___"
    assert [r.symbol.canonical for r in find_references(text)] == [
        "A/79/552", "S/2024/767", "A/79/6 (Sect. 3)/Add.1", "ST/SGB/2019/2"]
