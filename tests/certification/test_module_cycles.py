"""No cycles between the modules of certification: each module can be read
knowing only the ones below it."""

import sys

import grimp
import pytest


def import_cycles(package: str) -> list[list[str]]:
    """Groups of the package's modules that import each other, directly or not."""
    graph = grimp.build_graph(package, exclude_type_checking_imports=True)
    modules = sorted(m for m in graph.modules if ".migrations" not in m)
    imports = {
        m: {
            n
            for n in graph.find_modules_directly_imported_by(m)
            if n in graph.modules and ".migrations" not in n
        }
        for m in modules
    }
    # Tarjan's strongly connected components, iteratively.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(sorted(imports[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(imports[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


@pytest.mark.parametrize("package", ["certification"])
def test_no_import_cycles_between_modules(package):
    assert import_cycles(package) == []


def test_a_cycle_is_found(tmp_path, monkeypatch):
    """The check itself sees a cycle, even one hidden inside a function."""
    package = tmp_path / "knot"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def f():\n    from . import c\n")
    (package / "c.py").write_text("from .a import b\n")
    (package / "d.py").write_text("from . import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        assert import_cycles("knot") == [["knot.a", "knot.b", "knot.c"]]
    finally:
        for name in [m for m in sys.modules if m.startswith("knot")]:
            del sys.modules[name]
