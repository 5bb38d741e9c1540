"""The render limits: every template, shipped or uploaded, is stopped by the budget
(time, steps, characters) and the policy, in the thread that renders it."""

from __future__ import annotations

import threading
import time
import tracemalloc

import pytest
from docx import Document

from docgen import render_limits
from docgen.messages import text
from docgen.render import ENV, RenderError, clear_caches, render_document
from docgen.template_trial import _limit
from tests.template_hostile import RENDER_BOMBS


def _folder(tmp_path, *paragraphs: str, name: str = "rab.docx"):
    doc = Document()
    for paragraph in paragraphs:
        doc.add_paragraph(paragraph)
    doc.save(tmp_path / name)
    clear_caches()
    return tmp_path


def _stopped(study, folder, **limits) -> tuple[str, float]:
    start = time.perf_counter()
    with pytest.raises(RenderError) as caught, render_limits.budget(**limits):
        render_document(study, "rab", template_dir=folder)
    limit = _limit(caught.value)
    assert limit is not None, caught.value
    return limit.code, time.perf_counter() - start


@pytest.mark.parametrize("path", ["docxtpl", "compiled"])
@pytest.mark.parametrize("bomb", RENDER_BOMBS, ids=lambda b: b.name)
def test_runaway_template_is_stopped_by_its_limit(study, tmp_path, bomb, path, monkeypatch):
    monkeypatch.setenv("DOCGEN_RENDER_PATH", path)
    folder = _folder(tmp_path, *bomb.paragraphs)
    # The clock is set far off so that the limit each bomb meets first is the one it is
    # built for, however loaded the machine (the clock's own limit is tested below).
    code, seconds = _stopped(study, folder, seconds=60, steps=20_000)
    assert code == bomb.code
    assert seconds < 60
    # the document's error names the limit in words, not a Python error
    assert text(code, "en").split("{")[0].strip() != code


def test_default_limits_stop_nested_loops_without_help(study, tmp_path):
    folder = _folder(tmp_path, RENDER_BOMBS[0].paragraphs[0])
    start = time.perf_counter()
    with pytest.raises(RenderError, match="steps"):
        render_document(study, "rab", template_dir=folder)
    assert time.perf_counter() - start < render_limits.MAX_SECONDS


def test_time_limit_stops_slow_work_within_the_limit(study, tmp_path):
    # each iteration is cheap in steps and dear in time: the clock stops it
    folder = _folder(tmp_path, "{% set s = 'x' * 4000000 %}{% for i in range(100000) %}"
                               "{{ (s|upper|length) }}{% endfor %}")
    code, seconds = _stopped(study, folder, seconds=0.5)
    assert code == "render_time_limit"
    assert seconds < 1.5


def test_memory_stays_bounded_while_a_bomb_is_stopped(study, tmp_path):
    folder = _folder(tmp_path, "{% set s = 'x' * 1000000 %}{% for i in range(100000) %}"
                               "{{ s }}{% endfor %}")
    tracemalloc.start()
    try:
        code, _ = _stopped(study, folder, chars=10_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == "render_output_limit"
    assert peak < 60 * 2**20  # 10 M characters of output, not 100 G


def test_a_worker_thread_is_not_left_hung(study, tmp_path):
    folder = _folder(tmp_path, RENDER_BOMBS[0].paragraphs[0])
    outcome: list[BaseException] = []

    def work() -> None:
        try:
            with render_limits.budget(seconds=1):
                render_document(study, "rab", template_dir=folder)
        except RenderError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive()
    assert outcome and _limit(outcome[0]) is not None
    # the next document in the same thread has a budget of its own
    assert render_document(study, "rab").data[:2] == b"PK"


def test_any_template_render_has_a_budget_outside_render_document():
    template = ENV.from_string("{% for i in range(100000) %}{% for j in range(100000) %}"
                               "{% endfor %}{% endfor %}")
    with pytest.raises(render_limits.RenderLimitExceeded) as caught, \
            render_limits.budget(steps=1000):
        template.render()
    assert caught.value.code == "render_steps_limit"
    with pytest.raises(render_limits.RenderLimitExceeded):
        ENV.from_string("{{ 'x' * 10**8 }}").render()


@pytest.mark.parametrize("source, code", [
    ("{{ x|attr('__class__') }}", "template_unsafe_filter"),
    ("{{ x.__class__ }}", "template_private_name"),
    ("{{ '%s' % x }}", "template_format_string"),
    ("{% autoescape false %}{{ x }}{% endautoescape %}", "template_autoescape"),
    ("{% include 'a' %}", "template_include"),
    ("{{ cycler }}", "template_unsafe_name"),
    ("{{ range(10 ** 9)|length }}", "render_items_limit"),
])
def test_policy_refuses_when_a_template_is_compiled(source, code):
    with pytest.raises(render_limits.RenderLimitExceeded) as caught:
        ENV.from_string(source)
    assert caught.value.code == code


def test_dynamic_format_and_percent_are_refused_at_render():
    with pytest.raises(render_limits.RenderLimitExceeded) as caught:
        ENV.from_string("{{ s[name]('{0:>99}') }}").render(s="x", name="format")
    assert caught.value.code == "template_unsafe_method"
    with pytest.raises(render_limits.RenderLimitExceeded) as caught:
        ENV.from_string("{{ s % 1 }}").render(s="%999999999d")
    assert caught.value.code == "template_format_string"


def test_ordinary_template_constructs_still_work():
    source = ("{% set ns = namespace(total=0) %}{% for n in numbers %}"
              "{% set ns.total = ns.total + n %}{{ loop.index }}:{{ n * 2 }}"
              "{{ ',' if not loop.last }}{% else %}none{% endfor %} = {{ ns.total }}; "
              "{{ ('a' ~ 'b')|upper }} {{ 'x' * 3 }} {{ 2 ** 10 }} {{ 7 % 3 }} "
              "{{ range(3)|list }} {{ ['p', 'q']|join('-') }} {{ 'ab'.upper() }} "
              "{% macro m(v) %}[{{ v }}{{ caller() }}]{% endmacro %}"
              "{% call m(1) %}c{% endcall %} {{ 'a&b' }}")
    assert ENV.from_string(source).render(numbers=[1, 2, 3]) == (
        "1:2,2:4,3:6 = 6; AB xxx 1024 1 [0, 1, 2] p-q AB [1c] a&amp;b")
    assert ENV.from_string("{% for n in [] %}x{% else %}none{% endfor %}").render() == "none"


def test_lipsum_cycler_and_joiner_are_gone_at_render():
    for name in render_limits.REFUSED_NAMES:
        assert name not in ENV.globals
    for name in render_limits.REFUSED_FILTERS:
        assert name not in ENV.filters


def test_core_properties_render_within_the_budget(study, tmp_path):
    doc = Document()
    doc.add_paragraph("{{ study.goals.title }}")
    doc.core_properties.comments = "{% for i in range(100000) %}{{ i }}{% endfor %}"
    doc.save(tmp_path / "rab.docx")
    clear_caches()
    code, _ = _stopped(study, tmp_path, steps=5_000)
    assert code == "render_steps_limit"


def test_template_with_too_many_tags_is_refused_before_it_is_compiled(study, tmp_path):
    folder = _folder(tmp_path, *["{{ study.goals.title }}"] * 3001)
    start = time.perf_counter()
    with pytest.raises(RenderError, match="more than 3,000 tags"):
        render_document(study, "rab", template_dir=folder)
    assert time.perf_counter() - start < 2  # compiling them would take seconds
