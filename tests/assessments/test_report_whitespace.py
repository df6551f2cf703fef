"""The report's HTML leaves out the whitespace that prints nothing (next to the tags of block-level elements),
and keeps every space that separates words."""

from __future__ import annotations

from assessments.reports.render import whitespace_between_blocks_removed


def test_whitespace_between_blocks_rows_and_cells_is_removed():
    html = """
    <section class="report-part">
      <h2>Appendix: the answers</h2>
      <dl class="report-answers">
        <dt>Do you have a DSPT?</dt>
        <dd>
          Standards met
        </dd>
      </dl>
      <table>
        <tbody>
          <tr>
            <th scope="row">Check</th>
            <td> Stage 2 </td>
          </tr>
        </tbody>
      </table>
    </section>
    """

    assert whitespace_between_blocks_removed(html) == (
        '<section class="report-part"><h2>Appendix: the answers</h2><dl class="report-answers">'
        "<dt>Do you have a DSPT?</dt><dd>Standards met</dd></dl>"
        '<table><tbody><tr><th scope="row">Check</th><td>Stage 2</td></tr></tbody></table></section>'
    )


def test_spaces_between_words_links_and_emphasis_are_kept():
    html = (
        "<p>\n  <strong>Who can help:</strong> a regulatory consultant\n"
        '  · <strong>Guidance:</strong>\n  <a href="https://www.gov.uk/">MHRA</a>\n  ;\n'
        '  <a href="#gate-ukca">UKCA marking</a> <span class="report-gaps__domain">(Regulatory)</span>\n</p>'
    )

    assert whitespace_between_blocks_removed(html) == (
        "<p><strong>Who can help:</strong> a regulatory consultant\n"
        '  · <strong>Guidance:</strong>\n  <a href="https://www.gov.uk/">MHRA</a>\n  ;\n'
        '  <a href="#gate-ukca">UKCA marking</a> <span class="report-gaps__domain">(Regulatory)</span></p>'
    )


def test_the_space_between_the_adviser_feedback_facts_side_by_side_is_kept():
    html = '<div class="report-answers__row">A</div>\n<div class="report-answers__row">B</div>'

    assert whitespace_between_blocks_removed(html) == html


def test_no_break_spaces_in_a_founders_answer_are_kept():
    assert whitespace_between_blocks_removed("<dd>\u00a0 Acme\u00a0</dd>") == "<dd>\u00a0 Acme\u00a0</dd>"


def test_tags_that_only_start_like_a_block_tag_are_left_alone():
    html = "<pre> keep </pre>\n<textarea> keep </textarea>\n<title> A </title>"

    assert whitespace_between_blocks_removed(html) == html


def test_text_inside_the_chart_is_left_to_svg():
    html = '<svg><text x="0" y="15">\n  Clinical evidence\n  (strongest)\n</text></svg>'

    assert whitespace_between_blocks_removed(html) == html
