"""What a dataset folder says of itself, checked against what it holds: excerpts that no row cites, and a
codebook's ``hash`` and ``bytes`` of the figures file against the file.

Load stage. Findings are records; :mod:`casualty.present.validation` words them, and ``casualty validate
--strict`` makes each a problem.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from casualty.load.read import datapackage_of


def uncited_excerpts(figures: pd.DataFrame) -> list[str]:
    """The excerpts of the dataset's ``sources/`` folder that no row's ``report`` names, by file name."""
    folder = figures.attrs.get("sources")
    if not folder or not Path(folder).is_dir():
        return []
    cited = set(figures["report"].astype(str))
    return sorted(p.name for p in Path(folder).glob("*.txt") if p.stem not in cited)


def file_facts(path: Path) -> dict[str, object]:
    """The figures file's ``hash`` (``sha256:...``) and ``bytes``, as a codebook states them."""
    data = path.read_bytes()
    return {"hash": "sha256:" + hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def codebook_mismatches(figures: pd.DataFrame) -> list[dict[str, object]]:
    """Each ``hash`` or ``bytes`` the codebook states of the figures file that the file does not match:
    ``{"file": codebook, "field": ..., "said": ..., "is": ...}``; none when there is no codebook."""
    name = figures.attrs.get("file")
    if not name or str(name).startswith("<") or not Path(name).is_file():
        return []
    codebook = datapackage_of(name)
    try:
        descriptor = json.loads(codebook.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return []
    resources = [r for r in descriptor.get("resources", []) if isinstance(r, dict) and r.get("name") == "figures"]
    if not resources:
        return []
    facts = file_facts(Path(name))
    return [{"file": str(codebook), "field": field, "said": resources[0][field], "is": facts[field]}
            for field in ("hash", "bytes") if field in resources[0] and resources[0][field] != facts[field]]
