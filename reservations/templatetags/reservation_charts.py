"""The Overview's utilization chart, drawn on the server as an inline SVG (no script, no style attributes).

One bar per day, scaled to 0-100 %, with gridlines at 0, 50 and 100 %, the first and last dates under the
axis, a <title> per bar for pointer users and, beside it, the same numbers as a table for screen readers.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django import template

register = template.Library()

WIDTH, HEIGHT = 720, 200
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 8, 24
GRIDLINES = (0, 50, 100)


@dataclass(frozen=True)
class Bar:
    day: date
    percentage: Decimal
    x: str
    y: str
    width: str
    height: str
    level: str  # "high", "mid" or "low": the bar's colour class in reservations.css


@dataclass(frozen=True)
class Gridline:
    percentage: int
    y: str


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _level(percentage: Decimal) -> str:
    if percentage >= 80:
        return "high"
    return "mid" if percentage >= 40 else "low"


def chart_geometry(days) -> dict:
    """Bars and gridlines for `days`, a sequence of (date, percentage) oldest first."""
    days = list(days)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(days), 1)
    gap = min(2.0, slot / 4)
    bars = []
    for index, (day, percentage) in enumerate(days):
        percentage = Decimal(percentage)
        bar_height = plot_height * float(min(max(percentage, Decimal(0)), Decimal(100))) / 100
        bars.append(
            Bar(
                day=day,
                percentage=percentage,
                x=_fmt(LEFT + index * slot + gap / 2),
                y=_fmt(TOP + plot_height - bar_height),
                width=_fmt(slot - gap),
                height=_fmt(bar_height),
                level=_level(percentage),
            )
        )
    gridlines = [Gridline(percentage=p, y=_fmt(TOP + plot_height - plot_height * p / 100)) for p in GRIDLINES]
    # Coordinates are strings: numbers would be localised ("12,5" in Italian) and break the SVG.
    return {
        "bars": bars,
        "gridlines": gridlines,
        "first_day": days[0][0] if days else None,
        "last_day": days[-1][0] if days else None,
        "width": str(WIDTH),
        "height": str(HEIGHT),
        "left": str(LEFT),
        "right": str(WIDTH - RIGHT),
        "label_y": str(HEIGHT - 6),
        "label_x": str(LEFT - 6),
    }


@register.inclusion_tag("reservations/_utilization_chart.html")
def utilization_chart(days, chart_id: str = "utilization"):
    """`{% utilization_chart daily_rows %}`: the SVG chart and its data table."""
    return {"chart": chart_geometry(days), "chart_id": chart_id}
