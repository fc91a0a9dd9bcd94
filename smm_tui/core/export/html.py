"""html: the svg infographic in a printable page.

The page is the svg (inline, so it stays text and needs no second file), a
<title>, and CSS that prints it on one A4 page: `@page { size: A4 }`, the
picture scaled to the page width and kept in one piece, colours printed as
shown. Nothing external: no fonts, scripts, images or stylesheets.

A dark theme prints on a light page: the print rules make the page white
and the svg's own print rules (`svg.print_light`) turn its ink dark and its
paper and panels light, so a `midnight` export does not print as a sheet
of black toner.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from smm_tui.core.export.options import ExportOptions
from smm_tui.core.export.svg import PAGE_HEAD, build_svg, print_page
from smm_tui.core.text import long_date
from smm_tui.core.timeline import Timeline

_PAGE = PAGE_HEAD + """\
@page {{ size: A4 portrait; margin: 10mm; }}
html {{ background: {background}; color: {foreground}; }}
body {{ margin: 0 auto; padding: 12px; max-width: 760px; font-family: {fonts}; }}
svg.smm-day {{ display: block; width: 100%; height: auto; }}
* {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
@media print {{
  body {{ padding: 0; max-width: none; }}
  svg.smm-day {{ max-height: 277mm; break-inside: avoid; page-break-inside: avoid; }}{print_page}
}}
</style>
</head>
<body>
{svg}
</body>
</html>
"""


def render_day(timeline: Timeline, options: ExportOptions) -> bytes:
    root = build_svg(timeline, options)
    svg = ET.tostring(root, encoding="unicode")
    palette = options.palette
    page = _PAGE.format(
        title=html.escape(f"smm-tui: {long_date(timeline.date)}"),
        background=palette.background,
        foreground=palette.foreground,
        fonts=root.get("font-family", "sans-serif"),
        svg=svg,
        print_page=print_page(palette),
    )
    return page.encode("utf-8")
