"""How often the search says "数据里没有" for a run of text that a record's description holds.

Held out from the engine's tuning: the runs are sampled by a rule (2 to 3 consecutive
jieba words of the generated descriptions, at least 3 characters, a fixed seed), not picked
by hand; every one of them stands in a record's description, so a notice that calls one
absent is wrong. Beside them, honours made of the first half of one honour of the data and
the second half of another, which no record holds: each should be said absent.

Each query is asked of a fresh engine (the same script as the page, in node, over the
built index), so the bytes it loaded are those of a first query.

``python bench/search_description_runs.py TREE INDEX [--script FILE] [--runs 150]``:
TREE a generate.py tree, INDEX its site's ``search/showcase`` folder (for instance from
``search_index_time.py TREE --site DIR``), FILE the engine (default: this checkout's).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jieba
import yaml

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "plugins" / "showcase" / "site" / "assets" / "showcase-search.js"
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
ABSENT = re.compile("数据里没有“([^”]+)”")
SEED = 7

ASK = """async (script, [folder, queries]) => {
  const fs = require("fs")
  const answers = {}
  for (const query of queries) {
    let bytes = 0
    const engine = new script.Engine(async file => {
      const text = fs.readFileSync(folder + "/" + file, "utf8")
      bytes += Buffer.byteLength(text)
      return JSON.parse(text.slice(text.indexOf(",") + 1, text.lastIndexOf(")")))
    })
    const result = await engine.search(query)
    answers[query] = { message: result.message, bytes: bytes }
  }
  return answers
}"""


def records(tree: Path) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for path in sorted((tree / "data").glob("*.yaml")):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        for value in (loaded or {}).values() if isinstance(loaded, dict) else []:
            if isinstance(value, list):
                found.extend(item for item in value if isinstance(item, dict))
    return found


def description_runs(tree: Path, count: int) -> list[str]:
    """``count`` runs of 2 to 3 consecutive jieba words of the descriptions."""
    runs: set[str] = set()
    for record in records(tree):
        for han in HAN_RUN.findall(str(record.get("description") or "")):
            words = jieba.lcut(han)
            for size in (2, 3):
                for start in range(len(words) - size + 1):
                    run = "".join(words[start : start + size])
                    if len(run) >= 3:
                        runs.add(run)
    return random.Random(SEED).sample(sorted(runs), min(count, len(runs)))


def absent_honours(tree: Path, count: int) -> list[str]:
    """Honours made of the halves of two the data holds, that no text of the data holds."""
    data = "".join(path.read_text(encoding="utf-8") for path in (tree / "data").rglob("*.yaml"))
    honours = sorted({str(record["honour"]) for record in records(tree) if record.get("honour")})
    made = {
        first[: len(first) // 2] + second[len(second) // 2 :]
        for first, second in itertools.permutations(honours, 2)
    }
    return sorted(honour for honour in made if honour not in data)[:count]


def ask(index: Path, script: Path, queries: list[str]) -> dict[str, dict[str, object]]:
    node = shutil.which("node")
    if node is None:
        sys.exit("node is needed")
    program = (
        f"const script = require({json.dumps(str(script))});"
        "const argument = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "Promise.resolve((" + ASK + ")(script, argument))"
        ".then(result => process.stdout.write(JSON.stringify(result)))"
    )
    done = subprocess.run(
        [node, "-e", program],
        input=json.dumps([str(index), queries]),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("--script", type=Path, default=SCRIPT)
    parser.add_argument("--runs", type=int, default=150)
    arguments = parser.parse_args()
    jieba.setLogLevel(60)
    for label, queries, expected in (
        ("description runs", description_runs(arguments.tree, arguments.runs), False),
        ("absent honours", absent_honours(arguments.tree, 20), True),
    ):
        answers = ask(arguments.index, arguments.script, queries)
        # Any notice counts: a part of the run said absent is as wrong as the whole.
        absent = [query for query in queries if ABSENT.search(answers[query]["message"] or "")]
        wrong = [query for query in queries if (query in absent) != expected]
        loaded = sorted(int(answers[query]["bytes"]) for query in queries)  # type: ignore[call-overload]
        print(
            f"{label}: {len(queries)} queries, {len(absent)} said absent; "
            f"bytes loaded per query: median {loaded[len(loaded) // 2]:,}, max {loaded[-1]:,}"
        )
        if wrong:
            print(f"  wrong: {'、'.join(wrong)}")


if __name__ == "__main__":
    main()
