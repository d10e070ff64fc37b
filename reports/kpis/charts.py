"""Charts drawn on the server as SVG strings: the same markup goes into pages and PDFs.

No JavaScript and no chart library: a few rectangles, a polyline and text, sized by a
viewBox so that the chart scales to the width of a phone or of an A4 page. A Word copy cannot
take the SVG: `png` turns the same markup into a picture (CairoSVG).
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# A narrow viewBox with large text: drawn 348 px wide on a 390 px phone (the page's gutters
# and the card's padding taken off), the text stays at 11 px and more; on an A4 page it
# prints at about 10 pt.
WIDTH, HEIGHT = 420, 290
LEFT, RIGHT, TOP, BOTTOM = 34, 44, 50, 44
FONT_SIZE = 13.5
PHONE_CHART_WIDTH = 348  # measured in Chromium on the report page
NO_DATA_COLOUR = "#adb5bd"
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

    `points`: dicts with "label" ("Quý IV/2025", drawn on two lines), "visits" (int, or None
    for a quarter with no data: before the plan) and "adoption" (a percentage or None).
    """
    title = title or _("Support visits and platform adoption by quarter")
    text = f'font-family="{font}" font-size="{FONT_SIZE}" fill="#495057"'
    top_visits = _nice_ceiling(max([p["visits"] or 0 for p in points] + [1]))
    # Room on the left for the widest count (a province's visits run to six digits).
    left = max(LEFT, 10 + round(FONT_SIZE * 0.6 * len(str(top_visits))))
    plot_w, plot_h = WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM
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
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {text}>'
            f"{round(top_visits * fraction)}</text>"
        )
        parts.append(
            f'<text x="{WIDTH - RIGHT + 6}" y="{y + 4:.1f}" {text}>{round(100 * fraction)} %</text>'
        )
    line = []
    no_data = escape(_("no data"))
    for i, point in enumerate(points):
        centre = left + slot * (i + 0.5)
        if point["visits"] is None:  # no data (before the plan): a dash, never a bar of 0
            parts.append(
                f'<text x="{centre:.1f}" y="{TOP + plot_h - 4}" text-anchor="middle" '
                f'{text} fill-opacity="0.6"><title>{escape(point["label"])}: {no_data}</title>'
                "—</text>"
            )
        else:
            height = plot_h * point["visits"] / top_visits
            parts.append(
                f'<rect x="{centre - bar_w / 2:.1f}" y="{TOP + plot_h - height:.1f}" '
                f'width="{bar_w:.1f}" height="{height:.1f}" fill="{VISITS_COLOUR}" opacity="0.8">'
                f"<title>{escape(point['label'])}: {point['visits']}</title></rect>"
            )
        quarter, _slash, year = point["label"].rpartition("/")
        parts.append(
            f'<text x="{centre:.1f}" y="{HEIGHT - BOTTOM + 17}" text-anchor="middle" {text}>'
            f'{escape(quarter or year)}<tspan x="{centre:.1f}" dy="15">'
            f"{escape(year if quarter else '')}</tspan></text>"
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
    visits_label = escape(_("Support visits"))
    adoption_label = escape(_("Households using an essential platform (%)"))
    parts += [  # the legend, one line each
        f'<rect x="4" y="5" width="12" height="11" fill="{VISITS_COLOUR}"/>',
        f'<text x="20" y="15" {text}>{visits_label}</text>',
        f'<line x1="4" y1="30" x2="16" y2="30" stroke="{ADOPTION_COLOUR}" stroke-width="2.5"/>',
        f'<text x="20" y="35" {text}>{adoption_label}</text>',
        "</svg>",
    ]
    return mark_safe("".join(parts))


#: Pixels across of a chart's PNG: over a Word page's text width (165 mm) about 190 dpi,
#: sharp in print, in a file of about 50 kB.
PNG_WIDTH = 1260


def png(svg: str, width: int = PNG_WIDTH) -> bytes:
    """The chart `svg` (trend_svg's markup) as a PNG `width` pixels across, its height in
    proportion to the viewBox; the fonts are the system's (fontconfig), Liberation Serif for
    PDF_FONT where fonts-liberation is installed."""
    # Imported here: cairocffi opens libcairo when imported, and only the Word copies need it.
    import cairosvg

    return cairosvg.svg2png(bytestring=str(svg).encode(), output_width=width)
