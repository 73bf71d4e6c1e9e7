"""The API reference: pdoc writes a page per public module from the docstrings, and a warning fails the build."""

from __future__ import annotations

import functools
import html
import importlib
import re
import sys

import pdoc.doc
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "docs"))
reference = pytest.importorskip("reference", reason="docs/reference.py is in the repository, not in the sdist")

pytestmark = pytest.mark.slow

#: a reStructuredText role, as the docstrings write a cross-reference: :func:`casualty.load.read.load_figures`
ROLE = re.compile(r":(mod|func|data|const|class|meth|attr|exc|obj):`([\w.]+)`")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    """Module -> its page's HTML, built as `python docs/reference.py` builds it (warnings are errors)."""
    written = reference.write_reference(tmp_path_factory.mktemp("api"))
    return {name: page.read_text(encoding="utf-8") for name, page in zip(reference.PUBLIC, written)}


def docstrings(module: str):
    """(name, (module, qualname) where it is defined, docstring) of what a module's page shows that this package
    defines: the module, its members, and the members its classes define (not those inherited from matplotlib)."""
    page = pdoc.doc.Module.from_name(module)
    yield page.fullname, page.taken_from, page.docstring
    for member in page.members.values():
        if isinstance(member, pdoc.doc.Module):
            continue
        yield member.fullname, member.taken_from, member.docstring
        if isinstance(member, pdoc.doc.Class):
            yield from ((m.fullname, m.taken_from, m.docstring) for m in member.own_members
                        if m.taken_from[0].startswith("casualty"))


def prose(page: str) -> str:
    """The words of a page's docstrings, without their code spans, code blocks and source listings."""
    shown = re.sub(r'<div class="pdoc-code codehilite">.*?</div>|<pre>.*?</pre>|<code>.*?</code>', "", page,
                   flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", "\n".join(re.findall(r'<div class="docstring">(.*?)</div>', shown,
                                                                      flags=re.S))))


def test_every_public_module_has_its_page(pages):
    assert list(pages) == ["casualty", "casualty.load", "casualty.analyse", "casualty.present",
                           "casualty.vocabulary", "casualty.present.charts"]
    assert all(f"<title>{name} API documentation</title>" in page for name, page in pages.items())


def test_the_top_page_documents_every_name_of_casualty_all(pages):
    import casualty

    top = pages["casualty"]
    stages = [name for name in casualty.__all__ if name in casualty.STAGES]
    functions = [name for name in casualty.__all__ if name not in casualty.STAGES]
    assert [name for name in functions if f'<section id="{name}">' not in top] == []
    assert [name for name in stages if f'<a href="casualty/{name}.html">{name}</a>' not in top] == []


def test_a_lazy_name_on_the_top_page_carries_its_docstring(pages):
    import casualty

    assert casualty.load_figures.__doc__.split("\n")[0] in html.unescape(pages["casualty"])


def test_no_docstring_shows_its_markup_unrendered(pages):
    """A literal or a role the renderer could not read shows its backticks to the reader."""
    leftover = {name: re.findall(r".{0,40}`.{0,40}", prose(page)) for name, page in pages.items()}
    assert {name: found for name, found in leftover.items() if found} == {}


def resolves(target: str, module: str, qualname: str) -> bool:
    """Whether ``target`` names an object: as written, or from the module (or the class) whose docstring says it."""
    scopes = [module] + ([f"{module}.{qualname.rsplit('.', 1)[0]}"] if "." in qualname else [])
    for name in [target, *(f"{scope}.{target}" for scope in scopes)]:
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):
            try:
                found = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            try:
                functools.reduce(getattr, parts[cut:], found)
                return True
            except AttributeError:
                break
    return False


def test_every_cross_reference_names_an_object(pages):
    """pdoc renders a cross-reference it cannot follow as plain code, silently: so a test follows each one."""
    dangling = [f"{owner}: :{role}:`{target}`" for module in pages for owner, origin, docstring in docstrings(module)
                for role, target in ROLE.findall(docstring) if not resolves(target, *origin)]
    assert dangling == []
