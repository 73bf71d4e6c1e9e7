"""Charts: each a function from the figures frame to a matplotlib Figure, and its two halves.

Present stage. The command and the notebooks call the same functions. Every
chart has a title that states its finding (computed from the data), units on
its axes, its uncertainty drawn and a source line naming who said what, when.
matplotlib is imported by this package only, never by ``import casualty``.

A chart is two halves and the frame around them. ``prepare_<chart>(figures)``
works out what the chart shows: a small frozen dataclass with the rows it
draws, the facts its title states, and its title, subtitle and source line; no
pixels, so it can be tested without drawing. ``draw_<chart>(ax, prepared)``
draws that into any Axes. ``<chart>(figures)`` is the two in a figure of the
house's own, framed by :func:`casualty.present.charts.frame.house_figure`. To put two
charts in one figure:

    fig, (left, right) = plt.subplots(1, 2, figsize=(16, 4))
    draw_formations(left, prepare_formations(figures))
    draw_forces_compared(right, prepare_forces_compared(figures))

One module per chart, named for it. :data:`CHARTS` (file stem -> chart
function, in the order the gallery shows them) is the one list of the charts:
``casualty charts`` draws them, the tests are parametrised from it, and the
README's gallery is generated from it (``python -m casualty.present.charts.gallery``).

``frame.py`` holds the house style and the frame every chart shares (title,
subtitle, source line); ``writing.py`` writes the charts to files
(``casualty charts``); ``gallery.py`` writes the README's gallery. Where a module and its chart share a name
(``formations``), the package's attribute is the chart function; import the
module's other names from the module, ``from casualty.present.charts.formations import ...``.
"""

from __future__ import annotations

from casualty.present.charts.claims_over_time import (
    ClaimsOverTimeChart,
    casualty_claims_over_time,
    draw_casualty_claims_over_time,
    prepare_casualty_claims_over_time,
)
from casualty.present.charts.deployment import (
    DeploymentChart,
    deployment_at_a_glance,
    draw_deployment_at_a_glance,
    prepare_deployment_at_a_glance,
)
from casualty.present.charts.estimates_compared import (
    EstimatesComparedChart,
    draw_estimates_compared,
    estimates_compared,
    prepare_estimates_compared,
)
from casualty.present.charts.forces_compared import (
    ForcesComparedChart,
    draw_forces_compared,
    forces_compared,
    prepare_forces_compared,
)
from casualty.present.charts.formations import FormationsChart, draw_formations, formations, prepare_formations
from casualty.present.charts.frame import HouseFigure, house_figure, house_style, source_line
from casualty.present.charts.implied_rate import (
    ImpliedRateChart,
    draw_implied_rate_by_source,
    implied_rate_by_source,
    prepare_implied_rate_by_source,
)
from casualty.present.charts.killed_and_wounded import (
    KilledAndWoundedChart,
    draw_killed_and_wounded,
    killed_and_wounded,
    prepare_killed_and_wounded,
)
from casualty.present.charts.together import (
    TogetherChart,
    claims_taken_together,
    draw_claims_taken_together,
    prepare_claims_taken_together,
)
from casualty.present.charts.writing import CHARTS, ChartResult, save_figure, write_charts

__all__ = [
    "CHARTS", "ChartResult", "EstimatesComparedChart", "draw_estimates_compared", "estimates_compared",
    "prepare_estimates_compared", "ClaimsOverTimeChart", "TogetherChart", "claims_taken_together",
    "draw_claims_taken_together", "prepare_claims_taken_together", "DeploymentChart", "ForcesComparedChart",
    "FormationsChart", "HouseFigure", "ImpliedRateChart", "KilledAndWoundedChart", "casualty_claims_over_time",
    "deployment_at_a_glance", "draw_casualty_claims_over_time", "draw_deployment_at_a_glance",
    "draw_forces_compared", "draw_formations", "draw_implied_rate_by_source", "draw_killed_and_wounded",
    "forces_compared", "formations", "house_figure", "house_style", "implied_rate_by_source", "killed_and_wounded",
    "prepare_casualty_claims_over_time", "prepare_deployment_at_a_glance", "prepare_forces_compared",
    "prepare_formations", "prepare_implied_rate_by_source", "prepare_killed_and_wounded", "save_figure",
    "source_line", "write_charts",
]
