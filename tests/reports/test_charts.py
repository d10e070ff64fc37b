"""The server-side SVG trend chart: pure, no database."""

from reports.kpis.charts import trend_svg


def test_trend_chart_draws_a_bar_per_quarter_and_skips_adoption_without_data():
    svg = trend_svg(
        [
            {"label": "Q3/2026", "visits": 40, "adoption": None},
            {"label": "Q4/2026", "visits": 80, "adoption": 62.5},
        ]
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<rect") == 3  # two bars and the legend's swatch
    assert "Q4/2026: 62.5 %" in svg and "Q3/2026: None" not in svg
    assert "<script" not in svg


def test_trend_chart_escapes_its_labels():
    svg = trend_svg([{"label": "<b>Q1</b>", "visits": 0, "adoption": 0.0}])
    assert "<b>" not in svg and "&lt;b&gt;Q1&lt;/b&gt;" in svg
