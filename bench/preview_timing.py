"""Time ``showcase serve``'s one-record preview in one process, with an optional profile.

``python bench/preview_timing.py DIR --records N [--edits 3] [--profile OUT.prof]``
generates a tree of N records into ``DIR/records-N`` (kept: a second run reuses it), makes
the first build as ``showcase serve`` does (mkdocs_plugins/commands.py's ``LivePreview``),
then edits one person's name in ``data/people.yaml`` ``--edits`` times, alternating with
the name put back, and times each update: from the file saved to the person's page in the
preview folder showing the edit (the same span as build_benchmark.py's "one-record preview",
without serve's poll of 0.3 s for changes), and to the end of the update (the downloads and
the search index done). It prints one line per edit with the load average before and after
and the CPU seconds of this process; ``--profile`` writes cProfile's
statistics of the edits (not of the first build) for ``python -m pstats``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

# Run as a script, this folder is on sys.path; build_benchmark.py writes our tree.
from build_benchmark import write_our_tree
from generate import DEFAULT_SEED

CODE = Path(__file__).resolve().parent.parent
TIMEOUT = 600.0  # seconds an edit may take to show


class PageWatcher(threading.Thread):
    """Reads a page every 20 ms (as build_benchmark.py's watcher does) until it holds
    ``text`` (or no longer holds it); ``seconds``: when, from ``since``."""

    def __init__(self, page: Path, text: str, present: bool, since: float) -> None:
        super().__init__(daemon=True)
        self.page, self.text, self.present, self.since = page, text, present, since
        self.seconds: float | None = None

    def run(self) -> None:
        while time.perf_counter() - self.since < TIMEOUT:
            try:
                held = self.text in self.page.read_text(encoding="utf-8")
            except OSError:
                held = not self.present  # being replaced
            if held == self.present:
                self.seconds = time.perf_counter() - self.since
                return
            time.sleep(0.02)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", type=Path, help="where the generated tree is kept")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--profile", type=Path, default=None)
    arguments = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

    from showcase.mkdocs_plugins.commands import LivePreview
    from showcase.site.archive import source_stamp

    root = arguments.folder.absolute() / f"records-{arguments.records}"
    people = root / "data" / "people.yaml"
    if not people.is_file():
        root.mkdir(parents=True, exist_ok=True)
        write_our_tree(root, arguments.records, arguments.seed, CODE)
    text = people.read_text(encoding="utf-8")
    first = re.search(r"^- id: (\S+)\n  name: (.+)$", text, re.MULTILINE)
    if first is None:
        raise SystemExit("preview_timing: no person to edit in data/people.yaml")
    record_id, name = first.groups()
    stamp = source_stamp(root, os.environ)
    with tempfile.TemporaryDirectory(dir=root) as scratch:
        build_dir, site_dir = Path(scratch) / "build", Path(scratch) / "site"
        preview = LivePreview(root / "mkdocs.yml", build_dir, site_dir, print, arguments.workers)
        started = time.perf_counter()
        if preview.rebuild(stamp) is None:
            raise SystemExit("preview_timing: the first build failed")
        print(f"first build {time.perf_counter() - started:.1f} s", flush=True)
        page = site_dir / "people" / record_id / "index.html"
        profile = cProfile.Profile() if arguments.profile else None
        try:
            for edit in range(arguments.edits):
                shown = f"{name}改" if edit % 2 == 0 else name
                edited = text[: first.start(2)] + shown + text[first.end(2) :]
                load_before = os.getloadavg()[0]
                cpu_before = time.process_time()
                saved = time.perf_counter()
                people.write_text(edited, encoding="utf-8")
                watcher = PageWatcher(page, f"{name}改", shown != name, saved)
                watcher.start()
                if profile is not None:
                    profile.enable()
                synced, how = preview.update(stamp, [str(people)])
                if profile is not None:
                    profile.disable()
                seconds = time.perf_counter() - saved
                cpu = time.process_time() - cpu_before
                watcher.join(timeout=5)
                if synced is None or watcher.seconds is None:
                    raise SystemExit(f"preview_timing: {page} does not show “{shown}” {how}")
                print(
                    f"edit {edit + 1}: page shows the edit at {watcher.seconds:.2f} s, update "
                    f"done at {seconds:.2f} s wall, {cpu:.2f} s CPU, load "
                    f"{load_before:.1f}→{os.getloadavg()[0]:.1f}, {synced.pages_written} pages "
                    f"written {how}",
                    flush=True,
                )
        finally:
            people.write_text(text, encoding="utf-8")
    if profile is not None:
        profile.dump_stats(arguments.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
