"""KPI figures on screen: written as Django's floatformat writes them, in both languages."""

from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from reports.kpis.arithmetic import Kpis, KpiValue, Status, Unit
from reports.templatetags.kpi_tags import kpi_cells, kpi_value

VALUES = [0, 0.0, 0.05, 0.15, 12.25, 66.7, 66.0, 99.95, 100.0, 1234, 19.5, 2.5, Decimal("4.5")]


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
