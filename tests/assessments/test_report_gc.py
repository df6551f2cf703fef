"""The report render asks the garbage collector to run less often while it renders, and puts it back after."""

from __future__ import annotations

import gc

import pytest

from assessments.reports import render

HTML = '<!doctype html><html lang="en-GB"><head><title>A report</title></head><body><p>Text</p></body></html>'


@pytest.fixture
def default_threshold():
    before = gc.get_threshold()
    gc.set_threshold(2000, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*before)


def spy_on_threshold(monkeypatch, *, fail: bool = False) -> list[tuple[int, ...]]:
    """Record the collector's threshold while the render reads its stylesheets (inside the render)."""
    seen: list[tuple[int, ...]] = []
    stylesheets = render.report_stylesheets

    def recording(**kwargs):
        seen.append(gc.get_threshold())
        if fail:
            raise RuntimeError("A stylesheet could not be read")
        return stylesheets(**kwargs)

    monkeypatch.setattr(render, "report_stylesheets", recording)
    return seen


def test_the_collector_runs_less_often_during_a_render_and_as_before_after(monkeypatch, default_threshold):
    seen = spy_on_threshold(monkeypatch)

    pdf = render.html_to_pdf(html=HTML)

    assert pdf.startswith(b"%PDF")
    assert seen == [(render.RENDER_GC_THRESHOLD, 10, 10)]
    assert gc.get_threshold() == default_threshold


def test_the_threshold_is_put_back_when_a_render_fails(monkeypatch, default_threshold):
    seen = spy_on_threshold(monkeypatch, fail=True)

    with pytest.raises(RuntimeError):
        render.html_to_pdf(html=HTML)

    assert seen == [(render.RENDER_GC_THRESHOLD, 10, 10)]
    assert gc.get_threshold() == default_threshold


def test_renders_at_once_put_it_back_only_when_the_last_ends(default_threshold):
    first, second = render.fewer_collections(), render.fewer_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold()[0] == render.RENDER_GC_THRESHOLD
    second.__exit__(None, None, None)
    assert gc.get_threshold() == default_threshold


def test_a_higher_threshold_is_never_lowered(monkeypatch, default_threshold):
    gc.set_threshold(render.RENDER_GC_THRESHOLD * 2, 10, 10)
    seen = spy_on_threshold(monkeypatch)

    render.html_to_pdf(html=HTML)

    assert seen == [(render.RENDER_GC_THRESHOLD * 2, 10, 10)]
    assert gc.get_threshold() == (render.RENDER_GC_THRESHOLD * 2, 10, 10)
