"""html --style lanes: the lanes picture in a page that prints on one portrait page.

The svg (lanes_svg) inline, scaled to the page's width, with the poster's
print rules: a portrait page with 10 mm margins on A4 or Letter, colours
printed as shown, a dark theme on a light page. The lanes need their width
to be read, so on a phone the page scrolls sideways rather than shrinking
the picture below 600 px. Nothing external.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from smm_tui.core.export.lanes_svg import build_lanes
from smm_tui.core.export.options import ExportOptions
from smm_tui.core.export.svg import FONTS, PAGE_HEAD, print_page
from smm_tui.core.text import long_date
from smm_tui.core.timeline import Timeline

PAGE = PAGE_HEAD + """\
@page {{ size: portrait; margin: 10mm; }}
html {{ background: {background}; color: {foreground}; }}
body {{ margin: 0 auto; padding: 10px; max-width: 718px; font-family: {fonts}; overflow-x: auto; }}
svg.smm-poster {{ display: block; width: 100%; min-width: 600px; height: auto; }}
* {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
@media print {{
  body {{ padding: 0; max-width: none; width: 718px; overflow: visible; }}
  svg.smm-poster {{ break-inside: avoid; page-break-inside: avoid; }}{print_page}
}}
</style>
</head>
<body>
{svg}
</body>
</html>
"""


def render_day(timeline: Timeline, options: ExportOptions) -> bytes:
    palette = options.palette
    page = PAGE.format(
        title=html.escape(f"smm-tui: {long_date(timeline.date)} in lanes"),
        background=palette.background,
        foreground=palette.foreground,
        fonts=FONTS,
        svg=ET.tostring(build_lanes(timeline, options), encoding="unicode"),
        print_page=print_page(palette),
    )
    return page.encode("utf-8")
