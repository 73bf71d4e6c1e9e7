"""The README's chart gallery, generated from :data:`casualty.present.charts.CHARTS` and the committed renders.

Run ``python -m casualty.present.charts.gallery`` in a checkout after ``casualty charts``: it rewrites the table between
the gallery markers of README.md, each chart's image with its alt text (``charts/<name>.txt``), two to a row, in
the order of ``CHARTS``. ``python -m casualty.present.charts.gallery --check`` exits 1 when the README's gallery is stale.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from casualty.present.charts import CHARTS

#: The lines the gallery stands between in README.md.
START = "<!-- gallery: generated from casualty.present.charts.CHARTS by `python -m casualty.present.charts.gallery` -->"
END = "<!-- /gallery -->"
#: The README of a checkout.
README = Path(__file__).resolve().parents[3] / "README.md"
COLUMNS = 2


def markdown_text(text: str) -> str:
    """Text as it may stand inside a Markdown image's brackets in a table cell: its markup characters escaped."""
    return re.sub(r"([\\\[\]|*_`<>])", r"\\\1", text)


def gallery(charts_dir: Path) -> str:
    """The gallery table: each chart of ``CHARTS`` as its committed PNG, with its alt text as the image text."""
    cells = [f"![{markdown_text((charts_dir / f'{name}.txt').read_text(encoding='utf-8').strip())}]"
             f"(charts/{name}.png)" for name in CHARTS]
    cells += [""] * (-len(cells) % COLUMNS)
    rows = ["|" + "".join(f" {cell} |" if cell else " |" for cell in cells[i:i + COLUMNS])
            for i in range(0, len(cells), COLUMNS)]
    return "\n".join(["|" + " |" * COLUMNS, "|" + "---|" * COLUMNS, *rows])


def with_gallery(readme: str, table: str) -> str:
    """The README's text with the table between the gallery markers replaced by ``table``."""
    before, rest = readme.split(START + "\n", 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{table}\n{END}{after}"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    readme = Path(next((a for a in args if a != "--check"), README))
    text = readme.read_text(encoding="utf-8")
    new = with_gallery(text, gallery(readme.parent / "charts"))
    if new == text:
        return 0
    if check:
        print(f"{readme}: the chart gallery is stale; run `python -m casualty.present.charts.gallery`", file=sys.stderr)
        return 1
    readme.write_text(new, encoding="utf-8")
    print(readme)
    return 0


if __name__ == "__main__":
    sys.exit(main())
