"""Publishing speed: the five seed articles in zh, es and pt (15 articles written).

    python bench/publish_speed.py [--runs 7]

In a scratch folder: writes reviewed catalogs for seeds/*.txt in zh, es and
pt (msgstr = the msgid reversed word by word, so that every sentence is
replaced and the Chinese joining runs), then times, alternating, with the
median of --runs each:

- `glossator publish seeds/*.txt --to zh,es,pt` after deleting published/
  (all 15 files written),
- the same command again (nothing changed: nothing rewritten),
- `glossator --help`, the start-up baseline every command pays.

The issue's target is under 1 s for the first.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
LANGS = ("zh", "es", "pt")


def main() -> None:
    from incremental_rerun import timed  # same folder as this script
    from publishing import write_catalog

    from glossator.translate.documents import read_document
    from glossator.translate.segment import segment_document

    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="glossator-publish-"))
    shutil.copytree(REPO / "seeds", work / "seeds")
    articles = sorted((work / "seeds").glob("*.txt"))
    for art in articles:
        msgstrs = {s.text: " ".join(reversed(s.text.split())) for s in segment_document(read_document(art))}
        for lang in LANGS:
            write_catalog(art, lang, work / "locales", msgstrs)
    cmd = ["glossator", "publish", *[str(a.relative_to(work)) for a in articles], "--to", ",".join(LANGS)]
    first, rerun, help_ = [], [], []
    for _ in range(args.runs):
        shutil.rmtree(work / "published", ignore_errors=True)
        t, out = timed(cmd, os.environ, work)
        first.append(t)
        assert out.count(": written") == 15, out
        t, out = timed(cmd, os.environ, work)
        rerun.append(t)
        assert out.count(": unchanged") == 15, out
        help_.append(timed(["glossator", "--help"], os.environ, work)[0])
    med = {k: statistics.median(v) for k, v in (("publish", first), ("re-run", rerun), ("--help", help_))}
    result = {"command": " ".join(cmd), "runs": args.runs, "articles": len(articles), "languages": LANGS,
              "median_s": med, "publish_vs_help": med["publish"] / med["--help"],
              "rerun_vs_publish": med["re-run"] / med["publish"]}
    print(json.dumps(result, indent=2))
    (REPO / "bench" / "results").mkdir(exist_ok=True)
    (REPO / "bench" / "results" / "publish_speed.json").write_text(json.dumps(result, indent=2) + "\n")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
