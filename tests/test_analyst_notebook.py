"""notebooks/explore.ipynb runs top to bottom (nbclient + ipykernel) on the dataset built from corpora/."""
from __future__ import annotations

from .conftest import ROOT


def test_notebook_runs_top_to_bottom(tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.delenv("BANLI_DB", raising=False)
    nb = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    outputs = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                        for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "1 report(s), 16 suggestions" in outputs
    assert "任素芳" in outputs and "供暖 → 任素芳 关于解决农村居民冬季[供暖]问题的建议" in outputs
    assert "240437700" in outputs or "2.404377e+08" in outputs
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
