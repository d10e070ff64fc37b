"""Charts drawn on the server as SVG strings: the same markup goes into pages and PDFs.

No JavaScript and no chart library: a few rectangles, a polyline and text, sized by a
viewBox so that the chart scales to the width of a phone or of an A4 page.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 44, 28, 34
VISITS_COLOUR = "#0d6efd"
ADOPTION_COLOUR = "#198754"
GRID_COLOUR = "#dee2e6"
#: Pages use the browser's sans-serif; PDFs pass the font they ship (static/fonts), so that
#: the chart's Vietnamese legend does not depend on the fonts installed on the server.
PAGE_FONT = "sans-serif"
PDF_FONT = "'Liberation Serif', serif"


def _nice_ceiling(value: int) -> int:
    """A round axis maximum at or above `value` (10, 20, 50, 100, 200, ...)."""
    ceiling = 10
    while ceiling < value:
        for step in (2, 2.5, 2):
            ceiling = int(ceiling * step)
            if ceiling >= value:
                break
    return ceiling


def trend_svg(points: list[dict], *, title: str | None = None, font: str = PAGE_FONT) -> SafeString:
    """Support visits per quarter as bars (left axis) and platform adoption as a line (%).

    `points`: dicts with "label" (e.g. "Q4/2026"), "visits" (int) and "adoption" (a
    percentage or None when there is no data).
    """
    title = title or _("Support visits and platform adoption by quarter")
    text = f'font-family="{font}" font-size="11" fill="#495057"'
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top_visits = _nice_ceiling(max([p["visits"] for p in points] + [1]))
    slot = plot_w / max(len(points), 1)
    bar_w = slot * 0.55
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="trend-title" class="trend-chart">',
        f'<title id="trend-title">{escape(title)}</title>',
    ]
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        y = TOP + plot_h * (1 - fraction)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" {text}>'
            f"{round(top_visits * fraction)}</text>"
        )
        parts.append(
            f'<text x="{WIDTH - RIGHT + 6}" y="{y + 4:.1f}" {text}>{round(100 * fraction)} %</text>'
        )
    line = []
    for i, point in enumerate(points):
        centre = LEFT + slot * (i + 0.5)
        height = plot_h * point["visits"] / top_visits
        parts.append(
            f'<rect x="{centre - bar_w / 2:.1f}" y="{TOP + plot_h - height:.1f}" '
            f'width="{bar_w:.1f}" height="{height:.1f}" fill="{VISITS_COLOUR}" opacity="0.8">'
            f"<title>{escape(point['label'])}: {point['visits']}</title></rect>"
        )
        parts.append(
            f'<text x="{centre:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" {text}>'
            f"{escape(point['label'])}</text>"
        )
        if point["adoption"] is not None:
            y = TOP + plot_h * (1 - point["adoption"] / 100)
            line.append((centre, y, point))
    if len(line) > 1:
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y, _p in line)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{ADOPTION_COLOUR}" stroke-width="2.5"/>'
        )
    for x, y, point in line:
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{ADOPTION_COLOUR}">'
            f"<title>{escape(point['label'])}: {point['adoption']} %</title></circle>"
        )
    legend_y = 14
    visits_label = escape(_("Support visits"))
    adoption_label = escape(_("Households using an essential platform (%)"))
    parts += [
        f'<rect x="{LEFT}" y="{legend_y - 9}" width="12" height="10" fill="{VISITS_COLOUR}"/>',
        f'<text x="{LEFT + 16}" y="{legend_y}" {text}>{visits_label}</text>',
        f'<line x1="{LEFT + 190}" y1="{legend_y - 4}" x2="{LEFT + 204}" y2="{legend_y - 4}" '
        f'stroke="{ADOPTION_COLOUR}" stroke-width="2.5"/>',
        f'<text x="{LEFT + 208}" y="{legend_y}" {text}>{adoption_label}</text>',
        "</svg>",
    ]
    return mark_safe("".join(parts))
