"""The analysis notebook runs top to bottom, offline, on the seeds."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "analysis.ipynb"


def _kernel_env(monkeypatch) -> None:
    """The kernel runs in notebooks/, so it must import this checkout, not whatever is installed."""
    import os

    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])))


def _run(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "strip outputs before committing"
    _kernel_env(monkeypatch)
    monkeypatch.setenv("STANCE_INPUTS", str(ROOT / "seeds"))
    nbclient.NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return nb


@pytest.mark.slow
def test_notebook_executes_on_the_seeds(tmp_path, monkeypatch):
    nb = _run(tmp_path, monkeypatch)
    import re

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    text = "".join(str(o) for o in outputs)
    assert "mohammed-shia-al-sudani" in text and "statement_id" in text and "reports" in text
    charts = sum("image/png" in o.get("data", {}) for o in outputs)
    assert charts >= 4  # matrix heatmap, coalitions, by outlet, over time (seed 002 states its date)
    shown, listed = re.search(r"the cell shows (\d+); drill-down: (\d+) statements", text).groups()
    assert shown == listed
    assert "Rudaw" in text and "2024-11-30" in text  # read from the article's first lines
