"""Time a build with 500 photos, cold (empty photo cache) and warm, and record it in BENCHMARKS.md.

``python bench/photo_benchmark.py --photos 500`` generates a data tree (generate.py) plus one
studio per photo, each photo a phone-like JPEG made with Pillow (GPS position and camera
fields in its EXIF, a picture with gradients and shapes, so that it compresses like a
photo rather than a flat colour). Then, each in a fresh interpreter, with the machine's load
average read from /proc/loadavg before and after:

1. ``showcase build`` of the same tree with every ``photos:`` entry left out: the baseline;
2. ``showcase build`` with the photos and an empty cache: every photo is processed (cold);
3. ``showcase build`` again, ``--warm`` times: every photo comes from the cache (warm).

It rewrites the "## Photos: cold and warm build" section of BENCHMARKS.md with every run.
"""

from __future__ import annotations

import argparse
import datetime
import io
import random
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from build_benchmark import (
    child_environment,
    code_fingerprint,
    run_command,
    snapshot_code,
    write_our_tree,
)
from generate import DEFAULT_SEED, SOURCE_ID
from validate_benchmark import REPO_ROOT, machine_description, update_section

SECTION_TITLE = "## Photos: cold and warm build"
PHOTO_CACHE = ".cache/showcase-photos"  # the records plugin's default, relative to mkdocs.yml


@dataclass(frozen=True)
class PhotoRun:
    """One timed build."""

    what: str
    seconds: float
    rss_kib: int
    load_before: str
    load_after: str


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and write the section; the return value is the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--photos", type=int, default=500, help="photos, one studio each")
    parser.add_argument("--records", type=int, default=1000, help="other generated records")
    parser.add_argument("--size", default="2400x1800", help="pixels of each photo, WxH")
    parser.add_argument("--warm", type=int, default=2, help="warm builds after the cold one")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the data")
    parser.add_argument(
        "--output", type=Path, default=REPO_ROOT / "BENCHMARKS.md",
        help="the file whose section is rewritten (default: the repository's BENCHMARKS.md)",
    )  # fmt: skip
    arguments = parser.parse_args(argv)
    width, height = (int(part) for part in arguments.size.lower().split("x"))

    with tempfile.TemporaryDirectory(prefix="showcase-photo-bench-") as folder:
        work = Path(folder)
        code = snapshot_code(work / "code")
        tree = work / "tree"
        write_our_tree(tree, arguments.records, arguments.seed, code)
        photo_bytes = write_photos(tree, arguments.photos, (width, height), arguments.seed)
        env = child_environment(work, code)
        build = [
            sys.executable, "-m", "showcase.cli", "build", "--config", str(tree / "mkdocs.yml"),
            "--site-dir", str(tree / "site"),
        ]  # fmt: skip

        runs: list[PhotoRun] = []
        data = tree / "data/photo-studios.yaml"
        with_photos = data.read_text(encoding="utf-8")
        data.write_text("studios:\n" + _without_photos(with_photos), encoding="utf-8")
        runs.append(timed("without photos (baseline)", build, tree, env))
        data.write_text(with_photos, encoding="utf-8")
        shutil.rmtree(tree / PHOTO_CACHE, ignore_errors=True)
        runs.append(timed("cold: empty cache, every photo processed", build, tree, env))
        published = sum(path.stat().st_size for path in (tree / "site/assets/photos").iterdir())
        renditions = sum(1 for _ in (tree / "site/assets/photos").glob("*-*.*"))
        for number in range(1, arguments.warm + 1):
            runs.append(timed(f"warm {number}: every photo from the cache", build, tree, env))
        section = render_section(
            runs,
            photos=arguments.photos,
            records=arguments.records,
            size=(width, height),
            photo_bytes=photo_bytes,
            published_bytes=published,
            renditions=renditions,
            fingerprint=code_fingerprint(code),
            command=_reproduce_command(arguments),
        )
    update_section(arguments.output, section, SECTION_TITLE)
    print(section)
    return 0


def write_photos(root: Path, count: int, size: tuple[int, int], seed: int) -> int:
    """``count`` phone-like JPEGs under content/photos/ and one studio for each; their bytes."""
    rng = random.Random(seed)
    folder = root / "content/photos"
    folder.mkdir(parents=True, exist_ok=True)
    gradient = Image.linear_gradient("L").resize(size)
    entries = ["studios:\n"]
    total = 0
    for number in range(1, count + 1):
        channels = [gradient.rotate(rng.choice((0, 90, 180, 270)), expand=False) for _ in "RGB"]
        picture = Image.merge("RGB", channels)
        draw = ImageDraw.Draw(picture)
        for _ in range(40):
            x, y = rng.randrange(size[0]), rng.randrange(size[1])
            w, h = rng.randrange(20, size[0] // 3), rng.randrange(20, size[1] // 3)
            colour = tuple(rng.randrange(256) for _ in range(3))
            shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
            shape((x, y, x + w, y + h), fill=colour)  # type: ignore[arg-type]
        exif = Image.Exif()
        exif[0x010F], exif[0x0110] = "PhoneMaker", "Model X"
        exif.get_ifd(0x8825).update({1: "N", 2: (39.0, 7.0, 30.0), 3: "E", 4: (117.0, 12.0, 0.0)})
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=92, exif=exif.tobytes())
        (folder / f"bench-{number:04d}.jpg").write_bytes(buffer.getvalue())
        total += buffer.tell()
        entries.append(
            f"  - id: photo-studio-{number:04d}\n    name: 摄影测试工作室{number:04d}号\n"
            f"    photos:\n      - file: photos/bench-{number:04d}.jpg\n"
            f"        caption: 工作室一角（第 {number} 张）\n        alt: 工作室的设备和墙上的奖状\n"
            "        shows_identifiable_people: false\n"
            f"    sources:\n      - source: {SOURCE_ID}\n"
        )
    (root / "data/photo-studios.yaml").write_text("".join(entries), encoding="utf-8")
    return total


def _without_photos(text: str) -> str:
    """The studios file with every photos: block left out."""
    kept, skipping = [], False
    for line in text.splitlines(keepends=True)[1:]:
        if line.startswith("    photos:"):
            skipping = True
            continue
        if skipping and line.startswith("      "):
            continue
        skipping = False
        kept.append(line)
    return "".join(kept)


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="utf-8").split()[:3])
    except OSError:
        return "—"


def timed(what: str, command: list[str], cwd: Path, env: dict[str, str]) -> PhotoRun:
    """One build in a fresh interpreter, with the load average around it."""
    before = _load()
    run, _ = run_command(command, cwd=cwd, env=env, what=what)
    print(f"{what}: {run.seconds:.1f} s", file=sys.stderr)
    return PhotoRun(what, run.seconds, run.peak_rss_kib, before, _load())


def render_section(
    runs: Sequence[PhotoRun],
    *,
    photos: int,
    records: int,
    size: tuple[int, int],
    photo_bytes: int,
    published_bytes: int,
    renditions: int,
    fingerprint: str,
    command: str,
) -> str:
    """The Markdown section: where, what, and a row per build."""
    import PIL

    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    baseline, cold, *warm = runs
    lines = [
        SECTION_TITLE,
        "",
        f"Written by `bench/photo_benchmark.py` on {now}.",
        "",
        f"- Machine: {machine_description()}; shared with other work while it ran, so each"
        " row gives the load average (1, 5, 15 min, from /proc/loadavg) before and after",
        f"- Python {sys.version.split()[0]}, Pillow {PIL.__version__}; code fingerprint"
        f" `{fingerprint}` (as in the full-build section)",
        f"- Data: `bench/generate.py` with {records:,} records (seed 2013) plus {photos:,}"
        f" studios with one photo each: {photos:,} JPEGs of {size[0]}×{size[1]} pixels with GPS"
        f" EXIF, {photo_bytes / 1024 / 1024:.1f} MB in all",
        f"- Published: {renditions:,} files (WebP and JPEG, 480, 960 and 1600 px wide, never"
        " wider than the photo),"
        f" {published_bytes / 1024 / 1024:.1f} MB",
        "- Time: wall clock of `showcase build` in a fresh interpreter (start-up included);"
        " peak RSS of that process; the cache is `.cache/showcase-photos/` beside mkdocs.yml",
        "",
        "Reproduce from the repository root:",
        "",
        "```sh",
        command,
        "```",
        "",
        "| build | s | peak RSS MB | load before | load after |",
        "| --- | ---: | ---: | --- | --- |",
    ]
    for run in runs:
        lines.append(
            f"| {run.what} | {run.seconds:.1f} | {run.rss_kib / 1024:.0f} |"
            f" {run.load_before} | {run.load_after} |"
        )
    best_warm = min(run.seconds for run in warm) if warm else None
    lines.append("")
    lines.append(
        f"- Photo processing, cold: {cold.seconds - baseline.seconds:.1f} s for {photos:,}"
        f" photos ({(cold.seconds - baseline.seconds) / photos * 1000:.0f} ms a photo, on one core)."
    )
    if best_warm is not None:
        extra = best_warm - baseline.seconds
        what = (
            f"{extra:.1f} s above the baseline"
            if extra >= 0
            else "faster than the baseline, which ran under a heavier load: no cost measurable"
        )
        lines.append(
            f"- Warm: {what} for {photos:,} photos (validate still decodes each photo once, at"
            " an eighth of its size, to find truncated files; the build copies the cached files)."
        )
    return "\n".join(lines) + "\n"


def _reproduce_command(arguments: argparse.Namespace) -> str:
    return (
        f"python bench/photo_benchmark.py --photos {arguments.photos} --records"
        f" {arguments.records} --size {arguments.size} --warm {arguments.warm}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
