"""LiveValidation gives what a full validation gives, after any edit, reading only what changed."""

from __future__ import annotations

import random
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from showcase.records.incremental import LiveValidation
from showcase.records.loader import LoadResult
from showcase.records.validation import sorted_diagnostics, validate
from tests.test_bench_smoke import generate_module


def _outcome(result: LoadResult) -> tuple[list[str], list[str], list[str], int]:
    """Everything an editor or the build sees: problems, warnings, records and files."""
    return (
        [str(diagnostic) for diagnostic in sorted_diagnostics(result)],
        [str(warning) for warning in sorted(set(result.warnings))],
        [f"{record.kind}:{record.id}" for record in result.catalog],
        len(result.files),
    )


def _blocks(text: str) -> tuple[str, list[str]]:
    """A generated file as its header and its records, each a block starting at "- id:"."""
    header, *records = text.split("\n- id:")
    return header, ["- id:" + record for record in records]


def _join(header: str, blocks: list[str]) -> str:
    return "\n".join([header, *blocks]) if blocks else header + "\n"


class _Editor:
    """Seeded random edits of a generated data tree, each of the kinds an editor makes."""

    def __init__(self, root: Path, seed: int) -> None:
        self.data = root / "data"
        self.random = random.Random(seed)
        self.pristine = {path.name: path.read_text() for path in self.data.glob("*.yaml")}
        self.count = 0

    def _pick(self) -> tuple[Path, str, list[str]]:
        names = sorted(path.name for path in self.data.glob("*.yaml"))
        path = self.data / self.random.choice(names)
        header, blocks = _blocks(path.read_text())
        return path, header, blocks

    def _rewrite_block(self, edit: Callable[[list[str]], None]) -> Path:
        path, header, blocks = self._pick()
        if not blocks:
            return path
        index = self.random.randrange(len(blocks))
        lines = blocks[index].split("\n")
        edit(lines)
        blocks[index] = "\n".join(lines)
        path.write_text(_join(header, blocks))
        return path

    def change_value(self) -> Path:
        def edit(lines: list[str]) -> None:
            for number, line in enumerate(lines):
                if line.startswith("  name: "):
                    lines[number] = f"{line}改{self.count}"
                elif line.startswith("  level: ") and self.random.random() < 0.5:
                    lines[number] = "  level: 不存在的级别"  # a schema error

        return self._rewrite_block(edit)

    def add_record(self) -> Path:
        path, header, blocks = self._pick()
        if blocks:
            copy = self.random.choice(blocks).split("\n", 1)
            # A new id, or (now and then) one that is already taken.
            new_id = f"- id: added-{self.count}" if self.random.random() < 0.7 else copy[0]
            blocks.append("\n".join([new_id, *copy[1:]]))
            path.write_text(_join(header, blocks))
        return path

    def remove_record(self) -> Path:
        path, header, blocks = self._pick()
        if blocks:
            del blocks[self.random.randrange(len(blocks))]
            path.write_text(_join(header, blocks))
        return path

    def break_reference(self) -> Path:
        def edit(lines: list[str]) -> None:
            for number, line in enumerate(lines):
                if line.startswith(("  organization: ", "  leader: ", "  - source: ")):
                    lines[number] = line.rsplit(": ", 1)[0] + f": missing-{self.count}"
                    return

        return self._rewrite_block(edit)

    def duplicate_id(self) -> Path:
        taken = [
            block.split("\n", 1)[0] for text in self.pristine.values() for block in _blocks(text)[1]
        ]
        chosen = self.random.choice(taken)

        def edit(lines: list[str]) -> None:
            lines[0] = chosen

        return self._rewrite_block(edit)

    def syntax_error(self) -> Path:
        def edit(lines: list[str]) -> None:
            lines.insert(1, "  name: [不闭合的括号")

        return self._rewrite_block(edit)

    def delete_file(self) -> Path:
        path, _, _ = self._pick()
        path.unlink()
        return path

    def restore(self) -> Path:
        """Put one file back as it was generated: what fixes every kind of mistake above."""
        name = self.random.choice(sorted(self.pristine))
        path = self.data / name
        path.write_text(self.pristine[name])
        return path

    def step(self) -> tuple[str, Path]:
        self.count += 1
        operations = [
            self.change_value, self.add_record, self.remove_record, self.break_reference,
            self.duplicate_id, self.syntax_error, self.delete_file, self.restore, self.restore,
        ]  # fmt: skip
        operation = self.random.choice(operations)
        return operation.__name__, operation()


def test_random_edits_give_what_a_full_validation_gives(tmp_path: Path) -> None:
    generate_module.generate(tmp_path, 200)
    live = LiveValidation([tmp_path / "data"], tmp_path)
    assert _outcome(live.update()) == _outcome(validate([tmp_path / "data"], tmp_path))
    assert len(live.reloaded) == 7
    editor = _Editor(tmp_path, seed=17)
    done: Counter[str] = Counter()
    with_problems = 0
    for _ in range(60):
        operation, path = editor.step()
        done[operation] += 1
        incremental = _outcome(live.update([path]))
        full = _outcome(validate([tmp_path / "data"], tmp_path))
        assert incremental == full, (operation, path.name)
        # Only the file edited was read again.
        assert live.reloaded == ([path] if path.exists() else [])
        with_problems += bool(full[0])
    assert set(done) == {
        "change_value", "add_record", "remove_record", "break_reference", "duplicate_id",
        "syntax_error", "delete_file", "restore",
    }  # fmt: skip
    # The edits made problems and the restores fixed some: both directions were compared.
    assert 0 < with_problems < 60


def test_a_new_or_deleted_file_is_noticed_without_being_named(tmp_path: Path) -> None:
    generate_module.generate(tmp_path, 100)
    live = LiveValidation([tmp_path / "data"], tmp_path)
    live.update()
    people = tmp_path / "data" / "people.yaml"
    shutil.copy(people, tmp_path / "data" / "more-people.yaml")
    result = live.update()
    assert live.reloaded == [tmp_path / "data" / "more-people.yaml"]
    codes = Counter(diagnostic.code for diagnostic in sorted_diagnostics(result))
    assert codes["duplicate-id"] > 0  # the copy repeats every id of people.yaml
    assert _outcome(result) == _outcome(validate([tmp_path / "data"], tmp_path))
    (tmp_path / "data" / "more-people.yaml").unlink()
    result = live.update()
    assert live.reloaded == []
    assert sorted_diagnostics(result) == []
    assert _outcome(result) == _outcome(validate([tmp_path / "data"], tmp_path))


def test_an_unchanged_tree_is_not_read_again(tmp_path: Path) -> None:
    generate_module.generate(tmp_path, 100)
    live = LiveValidation([tmp_path / "data"], tmp_path)
    first = _outcome(live.update())
    assert live.reloaded
    again = _outcome(live.update())
    assert live.reloaded == []
    assert again == first


def test_record_folders_are_re_read_one_file_at_a_time(tmp_path: Path) -> None:
    generate_module.generate(tmp_path, 100)
    data = tmp_path / "data"
    header, blocks = _blocks((data / "people.yaml").read_text())
    folder = data / "people"
    folder.mkdir()
    moved = blocks[:5]
    for block in moved:
        record = block.removeprefix("- ").replace("\n  ", "\n")
        record_id = record.split("\n", 1)[0].removeprefix("id: ")
        (folder / f"{record_id}.yaml").write_text(record)
    (data / "people.yaml").write_text(_join(header, blocks[5:]))
    live = LiveValidation([data], tmp_path)
    assert _outcome(live.update()) == _outcome(validate([data], tmp_path))
    assert sorted_diagnostics(live.update()) == []
    edited = sorted(folder.glob("*.yaml"))[0]
    text = edited.read_text().replace("\nname: ", "\nname: 改", 1)
    edited.write_text(text.rstrip("\n") + "\nlevle: 市级\n")  # a misspelt field
    result = live.update([edited])
    assert live.reloaded == [edited]
    assert [d.code for d in sorted_diagnostics(result)] == ["unknown-field"]
    assert _outcome(result) == _outcome(validate([data], tmp_path))


def test_the_checks_across_files_work_out_only_the_changed_records_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from showcase.records import checks

    generate_module.generate(tmp_path, 200)
    data = tmp_path / "data"
    live = LiveValidation([data], tmp_path)
    live.update()
    counted: Counter[str] = Counter()
    references = checks.iter_references
    quotes = checks._quotes_not_in_source

    def counting_references(*arguments: Any) -> Any:
        counted["references"] += 1
        return references(*arguments)

    def counting_quotes(*arguments: Any) -> Any:
        counted["quotations"] += 1
        return quotes(*arguments)

    monkeypatch.setattr(checks, "iter_references", counting_references)
    monkeypatch.setattr(checks, "_quotes_not_in_source", counting_quotes)
    figures = data / "figures.yaml"
    header, blocks = _blocks(figures.read_text())
    blocks[0] += "\n# 改过的记录"
    figures.write_text(_join(header, blocks))
    result = live.update([figures])
    # Only the records of the file read again were worked out again, and not the others.
    assert counted == {"references": len(blocks), "quotations": len(blocks)}
    assert _outcome(result) == _outcome(validate([data], tmp_path))
    counted.clear()
    live.update()
    assert counted == {}  # nothing changed, nothing worked out again
