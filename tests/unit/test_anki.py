"""The Anki decks: open the .apkg files (a zip with the SQLite collection) and read what Anki would import."""

from __future__ import annotations

import html
import json
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest

from mlnotes.cards import anki
from mlnotes.cards.site import load_site
from mlnotes.cards.terms import Term

DATA = Path(__file__).resolve().parents[1] / "data" / "cards" / "ok"
SITE_URL = "https://example.github.io/aws-ml-notes/"
PREFIXES = {"ja": "", "en": "en/"}
TERMS = [
    Term(
        "overfitting",
        "過学習",
        "overfitting",
        "かがくしゅう",
        "合わせ込みすぎ",
        "Fits <too> closely.",
        "model-eval#overfitting",
    ),
    Term("specificity", "特異度", "specificity", source="model-eval#specificity"),
]


def read_collection(data: bytes, tmp_path: Path, name: str) -> dict:
    """Notes, models and decks of an .apkg, as Anki's importer sees them."""
    path = tmp_path / f"{name}.apkg"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as z:
        assert "collection.anki2" in z.namelist()
        db = tmp_path / f"{name}.anki2"
        db.write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(db)
    try:
        notes = [
            {"guid": g, "mid": mid, "mod": mod, "fields": flds.split("\x1f"), "tags": tags.split()}
            for g, mid, mod, flds, tags in con.execute("select guid, mid, mod, flds, tags from notes order by id")
        ]
        models, decks = (json.loads(x) for x in con.execute("select models, decks from col").fetchone())
        cards = con.execute("select nid, did, ord from cards").fetchall()
    finally:
        con.close()
    return {"notes": notes, "models": models, "decks": decks, "cards": cards}


@pytest.fixture(scope="module")
def cards():
    site = load_site(DATA, ["kinesis.md", "glue.md"], min_cards=6)
    assert site.problems == []
    return site.cards


@pytest.fixture
def two_builds(cards, tmp_path):
    first = anki.build_decks(cards, TERMS, SITE_URL, PREFIXES, timestamp=1_700_000_000)
    second = anki.build_decks(cards, TERMS, SITE_URL, PREFIXES, timestamp=1_700_086_400)  # a day later
    return (
        {k: read_collection(v, tmp_path, f"a-{Path(k).stem}") for k, v in first.items()},
        {k: read_collection(v, tmp_path, f"b-{Path(k).stem}") for k, v in second.items()},
    )


def test_three_decks_with_one_note_per_card_or_term(two_builds, cards):
    first, _ = two_builds
    assert sorted(first) == ["anki/aws-ml-notes-en.apkg", "anki/aws-ml-notes-ja.apkg", "anki/aws-ml-notes-terms.apkg"]
    for lang in ("ja", "en"):
        col = first[f"anki/aws-ml-notes-{lang}.apkg"]
        assert len(col["notes"]) == len(cards[lang]) == 6
        assert len(col["cards"]) == 6  # one card per note
        assert {did for _, did, _ in col["cards"]} == {anki.DECK_IDS[lang]}
        assert col["decks"][str(anki.DECK_IDS[lang])]["name"] == anki.DECK_NAMES[lang]
    terms = first["anki/aws-ml-notes-terms.apkg"]
    assert len(terms["notes"]) == 2
    assert sorted(ord_ for _, _, ord_ in terms["cards"]) == [0, 0, 1, 1]  # JA→EN and EN→JA per term


def test_guids_come_from_the_card_ids_and_stay_stable(two_builds, cards):
    first, second = two_builds
    for lang in ("ja", "en"):
        key = f"anki/aws-ml-notes-{lang}.apkg"
        guids = [n["guid"] for n in first[key]["notes"]]
        assert guids == [n["guid"] for n in second[key]["notes"]]
        assert guids == [genanki.guid_for("aws-ml-notes", lang, c.id) for c in cards[lang]]
    ja = {n["guid"] for n in first["anki/aws-ml-notes-ja.apkg"]["notes"]}
    en = {n["guid"] for n in first["anki/aws-ml-notes-en.apkg"]["notes"]}
    assert not ja & en  # importing both decks keeps both languages
    terms = [n["guid"] for n in first["anki/aws-ml-notes-terms.apkg"]["notes"]]
    assert terms == [n["guid"] for n in second["anki/aws-ml-notes-terms.apkg"]["notes"]]


def test_reimport_matches_every_note_and_updates_it(two_builds):
    """What Anki does on importing the rebuilt deck: it matches notes by GUID within the same note type
    (model id) and updates a matched note when the incoming one is newer (``mod``). Every note of the
    second build matches one of the first, with the same model and deck ids, and is newer: no
    duplicate, an update."""
    first, second = two_builds
    for key in first:
        old = {n["guid"]: n for n in first[key]["notes"]}
        new = second[key]["notes"]
        assert {n["guid"] for n in new} == set(old)  # nothing new to add, nothing left out
        for note in new:
            assert note["mid"] == old[note["guid"]]["mid"]
            assert note["mod"] > old[note["guid"]]["mod"]
        assert set(first[key]["models"]) == set(second[key]["models"])
        assert {did for _, did, _ in first[key]["cards"]} == {did for _, did, _ in second[key]["cards"]}


def test_fields_tags_source_link_and_escaping(two_builds):
    first, _ = two_builds
    ja = first["anki/aws-ml-notes-ja.apkg"]
    assert {n["mid"] for n in ja["notes"]} == {anki.CARD_MODEL_ID}
    model = ja["models"][str(anki.CARD_MODEL_ID)]
    assert [f["name"] for f in model["flds"]] == ["Question", "Answer", "Explanation", "Source", "Kind"]
    by_q = {n["fields"][0]: n for n in ja["notes"]}
    write_limit = by_q["Kinesis Data Streams の 1 シャードの書き込み上限は?"]
    question, answer, explanation, source, kind = write_limit["fields"]
    assert answer == "1 MB/秒 かつ 1,000 レコード/秒"  # Japanese intact
    # HTML in the page text is escaped, never markup on the card
    assert (
        explanation
        == "読み取りは 1 シャード 2 MB/秒 で、標準のコンシューマーが共有。&lt;b&gt;太字&lt;/b&gt; &amp; 記号"
    )
    assert kind == "覚える数値"
    assert write_limit["tags"] == ["kinesis", "figure", "MLA-C01::1.1"]  # page (service), kind, exam task
    assert (
        source
        == '出典ページ: <a href="https://example.github.io/aws-ml-notes/kinesis/#shard-sizing">Amazon Kinesis › シャード数</a>'
    )
    trap = by_q["書き込み 2000 KB/秒、読み取り 6000 KB/秒 のストリームのシャード数は?"]
    assert trap["fields"][1] == "3 (<code>max(2000/1000, 6000/2000)</code>)"
    assert trap["fields"][2].startswith("<b>読み取りは 2000 で割る</b><br>書き込みは 1000、読み取りは 2000。")
    for note in ja["notes"]:
        assert 'href="https://example.github.io/aws-ml-notes/' in note["fields"][3]
    en = first["anki/aws-ml-notes-en.apkg"]
    for note in en["notes"]:
        assert 'href="https://example.github.io/aws-ml-notes/en/' in note["fields"][3]
    rcf = next(n for n in en["notes"] if "RANDOM_CUT_FOREST" in n["fields"][1])
    assert rcf["tags"] == ["kinesis", "figure", "MLS-C01-only"]


def test_terms_deck_fields_both_directions(two_builds):
    terms = two_builds[0]["anki/aws-ml-notes-terms.apkg"]
    model = terms["models"][str(anki.TERMS_MODEL_ID)]
    assert [t["name"] for t in model["tmpls"]] == ["Japanese → English", "English → Japanese"]
    japanese, english, reading, definition, source = terms["notes"][0]["fields"]
    assert (japanese, english, reading) == ("過学習", "overfitting", "かがくしゅう")
    assert definition == "合わせ込みすぎ / Fits &lt;too&gt; closely."
    assert 'href="https://example.github.io/aws-ml-notes/model-eval/#overfitting"' in source
    assert 'href="https://example.github.io/aws-ml-notes/en/model-eval/#overfitting"' in source


def test_field_html_escapes_and_keeps_code():
    assert anki.field_html("a <b> & `x<y>` 日本語") == "a &lt;b&gt; &amp; <code>x&lt;y&gt;</code> 日本語"
    assert html.unescape(anki.field_html("`a` b")) == "<code>a</code> b"


def test_make_cards_cli_writes_the_three_decks(tmp_path, capsys):
    assert anki.main(["--site", str(tmp_path)]) == 0
    for name in ("aws-ml-notes-ja.apkg", "aws-ml-notes-en.apkg", "aws-ml-notes-terms.apkg"):
        assert zipfile.is_zipfile(tmp_path / "anki" / name)
    assert "aws-ml-notes-terms.apkg" in capsys.readouterr().out
