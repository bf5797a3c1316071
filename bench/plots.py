"""Render the TICO-19 quality table from results/tico_quality_<f|g>.json to results/tico_quality.png.

    python bench/plots.py

(The matcher plot is written by matcher_scale.py itself.)
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    runs = []
    for name in ("f", "g"):
        path = RESULTS / f"tico_quality_{name}.json"
        if path.exists():
            for row in json.loads(path.read_text())["rows"]:
                runs.append((name, row))
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    labels = sorted({f"{r['lang']} {r['engine']}\n{'Facebook' if n == 'f' else 'Google'} terms" for n, r in runs})
    for ax, metric, title in ((left, "chrF", "chrF"), (right, "term_success", "term success rate")):
        for k, on in enumerate((False, True)):
            values = []
            for label in labels:
                row = next(r for n, r in runs if r["glossary"] == on and
                           f"{r['lang']} {r['engine']}\n{'Facebook' if n == 'f' else 'Google'} terms" == label)
                values.append(row[metric] or 0)
            ax.bar([i + k * 0.4 for i in range(len(labels))], values, width=0.4,
                   label="glossary on" if on else "glossary off")
        ax.set_xticks([i + 0.2 for i in range(len(labels))], labels, fontsize=7)
        ax.set_title(f"TICO-19: {title}")
        ax.legend(fontsize=8)
    right.set_ylim(0, 1.05)
    right.axhline(0.99, color="grey", linestyle=":", linewidth=1)
    fig.tight_layout()
    fig.savefig(RESULTS / "tico_quality.png", dpi=100)
    print(f"wrote {RESULTS / 'tico_quality.png'}")


if __name__ == "__main__":
    main()
