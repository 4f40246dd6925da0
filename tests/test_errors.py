"""One error base for the package, and the command line that catches it alone."""

from __future__ import annotations

import importlib
import inspect

import pytest

from showcase import cli
from showcase.cli import main
from showcase.editing.cms import CmsConfigError
from showcase.editing.diff import DiffError
from showcase.editing.guide import GuideError
from showcase.editing.importing import ImportRefused, WriteError
from showcase.editing.skeleton import SkeletonError
from showcase.editing.split import SplitError
from showcase.editing.spreadsheet import SpreadsheetError
from showcase.mkdocs_plugins.commands import BuildFailed
from showcase.mkdocs_plugins.live import UpdateFailed
from showcase.records.errors import ShowcaseError
from showcase.records.quantities import QuantityError
from showcase.records.schema import UnitError
from showcase.records.totals import TotalError
from showcase.site import markers
from showcase.site.archive import ArchiveError
from showcase.site.layout import LayoutError
from showcase.site.markers import MarkerError
from showcase.site.parallel import RenderError
from showcase.site.photos import PhotoError
from tests.test_layers import dotted_name, package_modules


def test_every_error_the_package_defines_derives_from_one_base() -> None:
    defined = {
        value
        for path in package_modules()
        for _, value in inspect.getmembers(importlib.import_module(dotted_name(path)))
        if inspect.isclass(value)
        and issubclass(value, BaseException)
        and value.__module__.startswith("showcase.")
    }
    assert defined == {
        ShowcaseError,
        ArchiveError,
        BuildFailed,
        CmsConfigError,
        DiffError,
        GuideError,
        ImportRefused,
        LayoutError,
        MarkerError,
        PhotoError,
        markers._Invalid,  # one bad marker, before its position is known: always caught
        QuantityError,
        RenderError,
        SkeletonError,
        SpreadsheetError,
        SplitError,
        TotalError,
        UnitError,
        UpdateFailed,
        WriteError,
    }
    assert all(issubclass(error, ShowcaseError) for error in defined)


@pytest.mark.parametrize("error", [MarkerError, QuantityError, TotalError])
def test_errors_raised_inside_validators_stay_value_errors(error: type[Exception]) -> None:
    # pydantic turns a ValueError in a validator into a field error; others would escape.
    assert issubclass(error, ValueError)


@pytest.mark.parametrize(
    ("error", "status"),
    [(ShowcaseError("出错了。"), 1), (DiffError("出错了。"), 2), (GuideError("出错了。"), 1)],
)
def test_the_command_line_prints_a_showcase_error_and_exits_with_its_status(
    error: ShowcaseError,
    status: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def fail(*args: object, **kwargs: object) -> int:
        raise error

    monkeypatch.setattr(cli, "_validate", fail)
    assert main(["validate"]) == status
    assert capsys.readouterr() == ("", "出错了。\n")


def test_any_other_exception_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> int:
        raise KeyError("bug")

    monkeypatch.setattr(cli, "_validate", fail)
    with pytest.raises(KeyError):
        main(["validate"])
