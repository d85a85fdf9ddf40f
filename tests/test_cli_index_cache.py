"""``talkback index --list`` / ``--prune``: the cache shown and cleared from the command line,
while ``talkback index DUMP`` works as before."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from talkback import cli
from talkback.index import build_index, cache_dir
from talkback.sources import ReadOptions

ONE_WORKER = ReadOptions(workers=1)


@pytest.fixture
def dumps(tmp_path: Path, harbor_path: Path) -> tuple[Path, Path]:
    """Two indexed dumps; the second was deleted since."""
    kept, gone = tmp_path / "kept.txt", tmp_path / "gone.txt"
    for dump in (kept, gone):
        dump.write_bytes(harbor_path.read_bytes())
        build_index(dump, options=ONE_WORKER)
    gone.unlink()
    return kept, gone


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(["index", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_list_shows_each_index_its_dump_and_the_total(
    dumps: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "--list")
    assert (status, err) == (0, "")
    header, *rows, total = out.splitlines()
    assert header.split() == ["SIZE", "STATE", "DUMP", "WRITTEN", "DUMP", "PATH"]
    kept, gone = dumps
    assert len(rows) == 2
    row_of = {row.split()[-1]: row.split() for row in rows}
    assert row_of[str(kept)][2:4] == ["complete", "there"]
    assert row_of[str(gone)][2:4] == ["complete", "gone"]
    assert total.startswith("2 entries, ") and str(cache_dir()) in total
    assert "--prune` would free" in total and "(1 unused)" in total


def test_prune_removes_the_index_of_a_deleted_dump(
    dumps: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "--prune")
    assert (status, err) == (0, "")
    removed, summary = out.splitlines()
    assert removed.split()[0] == "removed" and "dump gone" in removed
    assert removed.endswith(str(dumps[1]))
    assert summary.startswith("freed ") and "kept 1 entry (" in summary
    assert [path.suffix for path in cache_dir().iterdir()] == [".sqlite"]
    status, out, _ = run(capsys, "--list")
    assert str(dumps[0]) in out and str(dumps[1]) not in out


def test_a_dry_run_says_what_would_go(
    dumps: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(cache_dir().iterdir())
    status, out, _ = run(capsys, "--prune", "--all", "--dry-run")
    assert status == 0
    assert out.count("would remove") == 2 and "would free" in out
    assert sorted(cache_dir().iterdir()) == before


def test_prune_all_clears_the_cache_but_not_a_live_build(
    dumps: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    live = cache_dir() / f"live-{'1' * 24}.sqlite.building-{os.getpid()}-abcd"
    live.write_bytes(b"being written")
    status, out, _ = run(capsys, "--prune", "--all")
    assert status == 0 and out.count("removed") == 2
    assert list(cache_dir().iterdir()) == [live]
    assert dumps[0].exists()
    status, out, _ = run(capsys, "--list")
    assert "building" in out and "(being built)" in out


def test_an_empty_cache_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--list") == (0, f"index cache: empty ({cache_dir()})\n", "")
    status, out, _ = run(capsys, "--prune")
    assert status == 0 and out.startswith("freed 0 B; kept 0 entries")


def test_a_removal_that_fails_is_one_line_and_status_1(
    dumps: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "unlink", refused)
    status, _, err = run(capsys, "--prune")
    assert status == 1
    assert err.count("\n") == 1 and err.startswith("talkback: could not remove ")
    assert err.rstrip().endswith("Permission denied")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "index needs a DUMP"),
        (("some.txt", "--list"), "take no DUMP"),
        (("--prune", "--rebuild"), "take no DUMP"),
        (("--list", "--prune"), "either --list or --prune"),
        (("--all",), "go with --prune"),
        (("--list", "--dry-run"), "go with --prune"),
        (("some.txt", "--older-than", "3"), "go with --prune"),
    ],
)
def test_bad_combinations_are_usage_errors(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    status, out, err = run(capsys, *args)
    assert (status, out) == (2, "")
    assert err.startswith("talkback: ") and message in err and err.count("\n") == 1


def test_older_than_must_be_days(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["index", "--prune", "--older-than", "-1"])
    assert stopped.value.code == 2
    assert "not a number of days" in capsys.readouterr().err


def test_index_dump_works_as_before(
    tmp_path: Path, harbor_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = tmp_path / "page.txt"
    dump.write_bytes(harbor_path.read_bytes())
    status, out, _ = run(capsys, str(dump), "-q")
    assert status == 0
    assert Path(out.strip()).parent == cache_dir() and Path(out.strip()).is_file()
