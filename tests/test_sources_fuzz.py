"""Damaged archives of every kind, at random: reading never crashes, hangs or loses order."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dumps import CONTAINERS, compress, generated_page, tar_bytes
from talkback.core.model import Post, Problem
from talkback.sources import DumpError, Limits, ReadOptions, read_dump

FILES = {f"p{n}.txt": generated_page(n).encode() for n in range(1, 6)}
SAMPLES = {kind: build(FILES) for kind, (_, build) in CONTAINERS.items()}
SAMPLES["jsonl.gz"] = compress(
    b"".join(b'{"text": "' + data.replace(b"\n", b"\\n") + b'"}\n' for data in FILES.values()),
    "gzip",
)
SAMPLES["gz-in-tar"] = tar_bytes({"a.txt.gz": compress(FILES["p1.txt"], "gzip")})
SMALL = ReadOptions(limits=Limits(max_total_bytes=2 * 1024 * 1024, ratio_grace_bytes=64 * 1024))


def damaged(data: bytes, edits: list[tuple[float, int]], cut: float | None) -> bytes:
    mutable = bytearray(data)
    for where, value in edits:
        mutable[int(where * (len(mutable) - 1))] = value
    if cut is not None:
        del mutable[int(cut * len(mutable)) :]
    return bytes(mutable)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(sorted(SAMPLES)),
    edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=4),
    cut=st.none() | st.floats(0, 1),
)
def test_damaged_archives_never_crash(
    tmp_path: Path, kind: str, edits: list[tuple[float, int]], cut: float | None
) -> None:
    dump = tmp_path / f"dump-{kind}"
    dump.write_bytes(damaged(SAMPLES[kind], edits, cut))
    posts: list[Post] = []
    try:
        for item in read_dump(dump, SMALL):
            assert isinstance(item, Post | Problem)
            if isinstance(item, Post):
                posts.append(item)
            else:
                assert item.where.startswith(str(dump)) and item.message
    except DumpError as error:
        assert "\n" not in str(error)
        assert not posts
    assert [post.id for post in posts] == [f"p{n}" for n in range(1, len(posts) + 1)]
