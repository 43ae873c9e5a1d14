"""media_assets sits below the editorial apps: it neither imports them nor reaches them by name.

The apps above (articles, wire, demo) extend the photo desk explicitly (see articles/photo_desk.py);
nothing here may know they exist, not even in a comment, a reverse() name or a related name.
"""

import ast
import re
from pathlib import Path

import django

import media_assets

APP = Path(media_assets.__file__).parent
ALLOWED_FIRST_PARTY = {"media_assets", "audit"}  # the desk and the one layer below it
PROJECT_PACKAGES = {"articles", "audit", "bench", "demo", "media_assets", "newsroom", "wire"}


def sources() -> dict[str, str]:
    """Every text file of the app by dotted module (or path) name, templates and assets too."""
    found = {}
    for path in sorted(APP.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            name = ".".join(path.relative_to(APP.parent).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path.read_text(errors="replace")
    return found


def python_sources() -> dict[str, ast.Module]:
    modules = {}
    for path in sorted(APP.rglob("*.py")):
        name = ".".join(path.relative_to(APP.parent).with_suffix("").parts)
        modules[name.removesuffix(".__init__")] = ast.parse(path.read_text())
    return modules


def imported(tree: ast.Module) -> set[str]:
    """Every module imported anywhere in `tree`, inside functions too."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_media_assets_never_names_the_articles_app():
    mentions = [name for name, text in sources().items() if "articles" in text]
    assert mentions == []


def test_media_assets_imports_nothing_from_the_apps_above():
    above = {
        (module, name)
        for module, tree in python_sources().items()
        for name in imported(tree)
        if name.split(".")[0] in PROJECT_PACKAGES - ALLOWED_FIRST_PARTY
    }
    assert above == set()


def test_imports_inside_media_assets_point_one_way():
    modules = python_sources()
    graph = {
        module: {name for name in imported(tree) if name in modules and name != module}
        for module, tree in modules.items()
    }

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for step in graph[start] - seen:
            if step == goal or reaches(step, goal, seen | {step}):
                return True
        return False

    cycles = [module for module in graph if reaches(module, module, set())]
    assert cycles == []


def test_media_assets_uses_no_private_attribute_of_djangos():
    django_source = Path(django.__file__).parent
    djangos = set()
    for path in django_source.rglob("*.py"):
        djangos |= set(re.findall(r"\._([a-z]\w*)", path.read_text(errors="replace")))
    used = set()
    for tree in python_sources().values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                used.add(node.attr)
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in {
                "getattr",
                "hasattr",
                "setattr",
            }:
                used |= {arg.value for arg in node.args[1:2] if isinstance(arg, ast.Constant)}
    private = {name for name in used if name.startswith("_") and not name.startswith("__")}
    assert {name for name in private if name[1:] in djangos} == set()
