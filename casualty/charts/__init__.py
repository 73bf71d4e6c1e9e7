"""Charts: each a function from the figures frame to a matplotlib Figure.

Present stage. The command and the notebooks call the same functions. Every
chart has a title that states its finding (computed from the data), units on
its axes, its uncertainty drawn and a source line naming who said what, when.
matplotlib is imported by this package only, never by ``import casualty``.

One module per chart, named for it:

=============================  ==============================  =======================
chart                          function                        module
=============================  ==============================  =======================
01 the deployment at a glance  ``deployment_at_a_glance``      ``deployment.py``
02 casualty claims over time   ``casualty_claims_over_time``   ``claims_over_time.py``
03 implied rate by source      ``implied_rate_by_source``      ``implied_rate.py``
04 killed and wounded          ``killed_and_wounded``          ``killed_and_wounded.py``
05 the formations              ``formations``                  ``formations.py``
06 forces compared             ``forces_compared``             ``forces_compared.py``
=============================  ==============================  =======================

``frame.py`` holds the house style and the frame every chart shares (title,
subtitle, source line); ``writing.py`` writes the charts to files
(``casualty charts``).
"""

from __future__ import annotations

from casualty.charts.claims_over_time import casualty_claims_over_time
from casualty.charts.deployment import deployment_at_a_glance
from casualty.charts.forces_compared import forces_compared
from casualty.charts.formations import formations
from casualty.charts.frame import HouseFigure, house_style, source_line
from casualty.charts.implied_rate import implied_rate_by_source
from casualty.charts.killed_and_wounded import killed_and_wounded
from casualty.charts.writing import CHARTS, FORMATS, ChartResult, default_jobs, save_figure, write_charts

__all__ = [
    "CHARTS", "FORMATS", "ChartResult", "HouseFigure", "casualty_claims_over_time", "default_jobs",
    "deployment_at_a_glance", "forces_compared", "formations", "house_style", "implied_rate_by_source",
    "killed_and_wounded", "save_figure", "source_line", "write_charts",
]
