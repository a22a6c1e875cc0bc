"""The Inside page in a real Chromium on `streamlit run`: train both models for two epochs on the Train page, open
a clip from a confusion cell on the Inside page, reverse it, and see both models' bars change at once. The time from
a click to the moved bars (median of reverse, reverse back, shuffle) is printed and written to
artifacts/inspect-edit.txt (a figure, not a check)."""

from __future__ import annotations

import numpy as np
import pytest
from support.paths import ROOT, TINY_SCALE

from bench.harness import chromium, new_tab, no_exception, serve
from bench.inspector import bars, edit_and_wait, go_to, open_from_cell, train_both

pytestmark = pytest.mark.browser


def test_a_clip_from_a_confusion_cell_reversed_moves_both_models_bars(tmp_path):
    with serve(tmp_path, scale=float(TINY_SCALE)) as server, chromium() as browser:
        page = new_tab(browser, viewport={"width": 1280, "height": 720})
        page.goto(server.url)
        page.get_by_role("heading", name="The data").wait_for()
        train_both(page, 2)
        go_to(page, "Inside", "Inside the models")
        assert "You are looking inside run" in page.locator('[data-testid="stMain"]').inner_text()
        open_from_cell(page)
        before = bars(page)
        assert set(before) == {"RNN", "CNN"} and all(abs(sum(v) - 1) < 1e-6 for v in before.values())
        after, seconds = edit_and_wait(page, "Reverse")
        for name in ("RNN", "CNN"):
            assert not np.allclose(after[name], before[name]), name  # each model's own bars moved
        assert "Edits so far: Reverse" in page.locator('[data-testid="stMain"]').inner_text()
        no_exception(page)
        (ROOT / "artifacts").mkdir(exist_ok=True)
        (ROOT / "artifacts" / "inspect-edit.txt").write_text(
            f"Inside page, Reverse -> both bars moved: {seconds:.3f} s\n"
        )
        print(f"\nInside page, Reverse -> both bars moved: {1000 * seconds:.0f} ms")
        page.context.close()
