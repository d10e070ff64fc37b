"""KPI figures on screen: written as Django's floatformat writes them, in both languages."""

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import translation

from binhdan.quarters import Quarter
from reports.kpis.arithmetic import Kpis, KpiValue, Status, Unit
from reports.kpis.queries import collect
from reports.kpis.scopes import Scope
from reports.templatetags.kpi_tags import (
    kpi_cells,
    kpi_value,
    quarter_cell,
    quarter_cells,
    village_kpi_rows,
)

VALUES = [0, 0.0, 0.05, 0.15, 12.25, 66.7, 66.0, 99.95, 100.0, 1234, 19.5, 2.5, Decimal("4.5")]
VALUES += [76.9, 33.3, 1234.0, 0.1, 7, 12.35, 1e-05]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_kpi_figures_are_written_like_floatformat_with_the_languages_decimal_separator(language):
    with translation.override(language):
        for value in VALUES:
            percent = KpiValue("K7", value, 100, Unit.PERCENT, Status.MET)
            count = KpiValue("K5", value, 50, Unit.VISITS, Status.MET)
            assert kpi_value(percent) == f"{floatformat(value, -1)} %"
            assert kpi_value(count) == floatformat(value, 0)


def test_village_table_cells_show_no_data_as_a_dash_never_as_zero():
    with translation.override("vi"):
        cells = kpi_cells(
            Kpis.of(
                [
                    KpiValue("K7", 66.7, 100, Unit.PERCENT, Status.NOT_MET),
                    KpiValue("K5", None, 50, Unit.VISITS, Status.NO_DATA),
                ]
            )
        )
    assert 'text-bg-danger">66,7 %<' in cells
    assert 'text-bg-secondary">—<' in cells


OLD_ROWS = Template(
    "{% load kpi_tags %}{% for row in table %}"
    '<tr><th scope="row" class="cell-title"><a href="{% url \'reports:village\' row.village.pk %}'
    '?quy={{ quarter }}">{{ row.village.name }}</a></th>{% kpi_cells row.kpis row.village quarter %}'
    "</tr>{% endfor %}"
)


def test_the_dashboards_village_rows_are_those_the_template_wrote_row_by_row(world):
    """`village_kpi_rows` reverses each URL once for the table: the same links, names
    (escaped) and cells as the template's loop over `kpi_cells`."""
    world.village_b.name = "Thôn <Đoài> & Co"
    quarter = Quarter(2026, 4)
    table = collect(Scope.whole_commune(world.commune), quarter).village_table()
    table[1]["village"] = world.village_b
    with translation.override("vi"):
        expected = OLD_ROWS.render(Context({"table": table, "quarter": quarter}))
        written = village_kpi_rows(table, quarter)
    assert re.sub(r"\s+", "", written) == re.sub(r"\s+", "", expected)
    assert f"/chi-so/thon/{world.village_b.pk}/K7/?quy=2026Q4" in written
    assert "Thôn &lt;Đoài&gt; &amp; Co" in written


def test_a_quarters_cell_shows_the_figure_in_its_status_colour_and_the_status():
    with translation.override("vi"):
        cell = quarter_cell(KpiValue("K7", 66.7, 100, Unit.PERCENT, Status.NOT_MET))
        assert cell == (
            '<span class="badge text-bg-danger" data-figure>66,7 %</span><br>'
            '<span class="small text-muted">chưa đạt</span>'
        )
        assert "chưa bắt đầu" in quarter_cell(None)


def test_a_rows_quarter_cells_are_its_quarters_cells_in_order():
    values = [KpiValue("K5", 51, 50, Unit.VISITS, Status.MET), None]
    with translation.override("vi"):
        assert quarter_cells(values) == "".join(
            f'<td class="text-center">{quarter_cell(kpi)}</td>' for kpi in values
        )
