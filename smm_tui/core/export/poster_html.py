"""html --style poster: the poster as a page that prints on one portrait page and reads on a phone.

The two columns of the poster (poster_svg.column_svg) are two inline svgs
in a wrapping row: side by side on paper and on a wide screen, one under
the other on a phone, each then drawn at about its own size (342 px wide)
instead of the whole poster shrunk to half. The heading and the legend are
html text, so they wrap on a narrow screen too; the legend's drawings are
the same small svgs as in the poster.

Printing: `@page` asks for a portrait page with 10 mm margins and leaves
the paper size to the printer; the poster is laid out to fit the smaller
of A4 and Letter (718 x 975 px of printable area at 96 dpi), so it comes
out as one page on either. Nothing external: no fonts, scripts, images or
stylesheets.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from smm_tui.core.export.blocks import mark_colors
from smm_tui.core.export.icons import MARK_WORDS, kind_badge, mark_badge
from smm_tui.core.export.options import ExportOptions
from smm_tui.core.export.poster_svg import LEGEND_MARKS, column_svg, layout, legend_items
from smm_tui.core.export.svg import FONTS, PAGE_HEAD, SVG_NS, print_page
from smm_tui.core.text import long_date
from smm_tui.core.timeline import Timeline

PAGE = PAGE_HEAD + """\
@page {{ size: portrait; margin: 10mm; }}
html {{ background: {background}; color: {foreground}; }}
body {{ margin: 0 auto; padding: 10px; max-width: 718px; font-family: {fonts}; }}
header {{ border-top: 6px solid {primary}; padding-top: 6px; }}
header p, header h1 {{ margin: 0; }}
.kicker {{ color: {primary}; font-size: 10px; font-weight: 700; letter-spacing: 1.5px; line-height: 14px; }}
h1 {{ font-size: 21px; line-height: 26px; }}
.summary {{ font-size: 10.5px; line-height: 15px; opacity: 0.75; }}
.columns {{ display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; margin: 8px 0; }}
.columns svg {{ display: block; flex: 1 1 300px; min-width: 0; max-width: 100%; height: auto; }}
.legend {{ display: flex; flex-wrap: wrap; gap: 2px 14px; margin: 0; padding: 0; list-style: none;
  font-size: 9.5px; line-height: 16px; }}
.legend li {{ display: flex; align-items: center; gap: 4px; }}
.legend svg {{ display: block; }}
* {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
@media (max-width: 500px) {{ .summary, .legend {{ font-size: 12px; line-height: 18px; }} }}
@media print {{
  body {{ padding: 0; max-width: none; width: 718px; }}
  .columns {{ flex-wrap: nowrap; break-inside: avoid; page-break-inside: avoid; }}{print_page}
}}
</style>
</head>
<body>
<header>
<p class="kicker">THE DAY TO SCALE</p>
<h1>{day}</h1>
<p class="summary">{summary}</p>
</header>
<div class="columns">
{columns}
</div>
<ul class="legend">
{legend}
</ul>
</body>
</html>
"""


def _icon(draw: str, *args: object) -> str:
    """A 14 px inline svg holding one badge."""
    root = ET.Element("svg", {"xmlns": SVG_NS, "width": "14", "height": "14", "viewBox": "0 0 14 14",
                              "aria-hidden": "true"})
    if draw == "kind":
        kind_badge(root, str(args[0]), 7, 7, 14, str(args[1]))
    else:
        mark_badge(root, str(args[0]), 7, 7, 12, str(args[1]))
    return ET.tostring(root, encoding="unicode")


def render_day(timeline: Timeline, options: ExportOptions) -> bytes:
    palette = options.palette
    poster = layout(timeline, options)
    columns = "\n".join(ET.tostring(column_svg(timeline, poster, index, options), encoding="unicode")
                        for index in (0, 1))
    counts = timeline.counts(options.now)
    as_of = f"as of {options.now:%d %b} {options.now.year:04d} {options.now:%H:%M}"
    colors = mark_colors(palette)
    legend = [f'<li class="legend-kind" data-kind="{kind}">{_icon("kind", kind, palette.kind(kind))}'
              f"{html.escape(words)}</li>" for kind, words in legend_items(timeline, options)]
    legend += [f'<li class="legend-mark">{_icon("mark", mark, colors[mark])}{MARK_WORDS[mark]}</li>'
               for mark in LEGEND_MARKS]
    page = PAGE.format(
        title=html.escape(f"smm-tui: {long_date(timeline.date)} to scale"),
        background=palette.background,
        foreground=palette.foreground,
        primary=palette.primary,
        fonts=FONTS,
        day=html.escape(long_date(timeline.date)),
        summary=html.escape(f"{counts.summary()} · {as_of}"),
        columns=columns,
        legend="\n".join(legend),
        print_page=print_page(palette),
    )
    return page.encode("utf-8")
