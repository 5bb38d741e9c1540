"""The vocabulary as a table: every variable titled in Indonesian, each tag written in the
language that renders documents, each example what its tag prints for the example study."""

from __future__ import annotations

import re

import jinja2
import pytest

from docgen import idformat, vocabulary
from docgen.catalog import get_kind
from docgen.context import build_context
from docgen.example import example_study
from docgen.render import ENV
from docgen.vocabulary_table import _classes, _rows, filter_examples, search, sections
from docgen.vocabulary_titles import ROOT_TITLES_EN

LOOP = re.compile(r"^\{%(tr|p) for (\w+) in ([\w.\[\]']+) %\}$")


@pytest.fixture(scope="module")
def found():
    return sections()


def _variables(found):
    return [(section, v) for section in found for v in section.variables]


def test_every_variable_has_an_indonesian_title(found):
    untitled = [f"{s.name}.{v.name}" for s, v in _variables(found) if not v.titled]
    assert not untitled, f"add titles to docgen/vocabulary_titles.py: {untitled}"
    assert all(v.title_id and v.title_en for _s, v in _variables(found))
    assert set(ROOT_TITLES_EN) == {name for name, _m, _r in vocabulary.ROOTS}


def test_every_name_of_the_vocabulary_is_listed(found):
    top = found[0]
    assert [v.name for v in top.variables] == [name for name, _m, _r in vocabulary.ROOTS]
    listed = {s.name for s in found}
    assert {cls.__name__ for cls in _classes()} <= listed
    for section in found[1:]:
        cls = next(c for c in _classes() if c.__name__ == section.name)
        assert [v.name for v in section.variables] == [r[0] for r in _rows(cls)]


def test_every_tag_is_valid_template_syntax(found):
    for section, v in _variables(found):
        loop = LOOP.match(v.tag)
        source = (f"{{% for {loop.group(2)} in {loop.group(3)} %}}{{% endfor %}}"
                  if loop else v.tag)
        try:
            ENV.parse(source)
        except jinja2.TemplateSyntaxError as exc:  # pragma: no cover - the failure itself
            pytest.fail(f"{section.name}.{v.name}: {v.tag}: {exc}")
        assert v.tag.startswith("{{") or loop, v.tag


def test_every_tag_starts_from_a_name_a_template_has(found):
    roots = {name for name, _m, _r in vocabulary.ROOTS}
    for section, v in _variables(found):
        loops = dict(re.findall(r"for (\w+) in ([\w.]+)", section.loop))
        expr = LOOP.match(v.tag).group(3) if LOOP.match(v.tag) else v.tag.strip("{} ")
        head = re.split(r"[.|\[ ]", expr, maxsplit=1)[0]
        assert head in roots or head in loops, (section.name, v.tag, section.loop)
        for var, source in loops.items():  # each loop reads from a root or an outer loop
            assert source.split(".")[0] in roots | set(loops) - {var}


def test_examples_are_what_the_tags_print(found):
    study = example_study()
    spt = build_context(study, get_kind("spt"), issued=study.plan.start_date)
    by_tag = {v.tag: v.example for _s, v in _variables(found)}
    assert by_tag["{{ study.goals.title }}"] == study.goals.title
    assert by_tag["{{ traveller.full_name }}"] == study.plan.members_ordered[0].full_name
    assert by_tag["{{ signer.nip }}"] == spt["signer"].nip
    assert by_tag["{{ doc.date|tanggal }}"] == idformat.tanggal(study.plan.start_date)
    assert by_tag["{{ budget.total|rupiah }}"] == idformat.rupiah(spt["budget"].total)
    assert by_tag["{{ a.activity }}"] == study.plan.agenda[0].activity
    team = next(v for v in found[0].variables if v.name == "team")
    assert team.tag == "{%tr for m in team %}"
    assert team.example == f"{len(study.plan.team)} × TeamMember"


def test_a_list_item_is_reached_through_its_loop(found):
    member = next(s for s in found if s.name == "TeamMember")
    assert (member.reach, member.loop) == ("traveller", "")
    line = next(s for s in found if s.name == "RealisationLine")
    assert line.loop == ("{%tr for tc in study.realisation.travellers %} … "
                         "{%tr for rl in tc.lines %}")
    assert line.loop_end == "{%tr endfor %} … {%tr endfor %}"


def test_search_keeps_what_matches_every_word(found):
    hits = search(found, "NIP ketua")
    assert hits and all("nip" in f"{v.name} {v.title_id}".lower()
                        for s in hits for v in s.variables)
    assert search(found, "surabaya")  # an example value
    assert search(found, "zzz-tidak-ada") == []
    assert sum(len(s.variables) for s in search(found, "")) == sum(
        len(s.variables) for s in found)


def test_each_filter_has_an_example_it_prints():
    examples = {f.name: f for f in filter_examples()}
    assert list(examples) == list(idformat.FILTERS)
    assert examples["rupiah"].example == "Rp1.250.000,00"
    assert examples["tanggal"].example == idformat.tanggal(example_study().plan.start_date)
    assert all(f.example for f in examples.values())
