"""Reading speed and memory of WordPress (WXR) and Disqus exports, against a bare parse.

Generates an export of about ``--mb`` megabytes in a temporary folder, then measures, each in a
fresh process: Talkback's reader streaming it to the end (every post built and dropped), and as
the baseline the fastest standard-library streaming parse of the same file (C ElementTree
iterparse, clearing elements, building nothing). Prints MB/s, peak memory (max RSS) and the
ratio of the two times.

    .venv/bin/python bench/bench_blog_exports.py --mb 200
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

WORDS = (
    "the pier council boats harbor repair storm winter ferry closed engineer report town "
    "water deck pilings vote money years kids summer crew morning safe because would never"
).split()

READ_TALKBACK = """
import itertools, resource, sys, time
from talkback.sources import ReadOptions
from talkback.sources.{module} import read_{module}
start = time.perf_counter()
posts = comments = 0
numbers = itertools.count(1)
with open(sys.argv[1], "rb") as stream:
    for item in read_{module}(stream, sys.argv[1], lambda: f"p{{next(numbers)}}", ReadOptions()):
        if hasattr(item, "comments"):
            posts += 1
            comments += len(item.comments)
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, posts, comments)
"""

READ_BASELINE = """
import resource, sys, time
import xml.etree.ElementTree as ET
start = time.perf_counter()
depth = 0
for event, element in ET.iterparse(sys.argv[1], events=("start", "end")):
    if event == "start":
        depth += 1
    else:
        depth -= 1
        if depth <= {record_depth}:
            element.clear()
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 0, 0)
"""


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def write_wxr(path: Path, megabytes: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        )
        comment_id = 0
        post = 0
        while out.tell() < megabytes * 2**20:
            post += 1
            body = "\n\n".join(sentence(rng, 40) for _ in range(5))
            out.write(
                f"<item><title>Post {post}</title><link>https://b.example/?p={post}</link>"
                f"<dc:creator>ed</dc:creator><content:encoded><![CDATA[{body}]]></content:encoded>"
                f"<wp:post_date>2020-01-01 10:00:00</wp:post_date>"
                f"<wp:post_date_gmt>2020-01-01 15:00:00</wp:post_date_gmt>"
                f"<wp:post_type>post</wp:post_type>\n"
            )
            first = comment_id + 1
            for _ in range(rng.randrange(1, 40)):
                comment_id += 1
                parent = rng.choice([0, 0, rng.randrange(first, comment_id + 1)])
                parent = 0 if parent == comment_id else parent
                text = sentence(rng, rng.randrange(5, 60))
                if rng.random() < 0.1:
                    text = f"<blockquote>{sentence(rng, 12)}</blockquote>{text}"
                out.write(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>reader {rng.randrange(500)}</wp:comment_author>"
                    f"<wp:comment_author_email>x@example.net</wp:comment_author_email>"
                    f"<wp:comment_author_IP>192.0.2.1</wp:comment_author_IP>"
                    f"<wp:comment_date>2020-01-02 03:04:05</wp:comment_date>"
                    f"<wp:comment_date_gmt>2020-01-02 08:04:05</wp:comment_date_gmt>"
                    f"<wp:comment_content><![CDATA[{text}]]></wp:comment_content>"
                    f"<wp:comment_approved>{rng.choice(['1'] * 9 + ['spam'])}</wp:comment_approved>"
                    f"<wp:comment_type>comment</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent>"
                    "</wp:comment>\n"
                )
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")


def write_disqus(path: Path, megabytes: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" '
            'xmlns:dsq="http://disqus.com/disqus-internals">\n'
        )
        threads = max(10, megabytes * 40)
        for key in range(threads):
            out.write(
                f'<thread dsq:id="{key}"><link>https://s.example/{key}</link>'
                f"<title>Thread {key}</title><createdAt>2021-01-01T00:00:00Z</createdAt>"
                "<author><name>Site</name></author><isDeleted>false</isDeleted></thread>\n"
            )
        post = 0
        last: dict[int, int] = {}
        while out.tell() < megabytes * 2**20:
            post += 1
            thread = rng.randrange(threads)
            parent = f'<parent dsq:id="{last[thread]}"/>' if thread in last and post % 2 else ""
            last[thread] = post
            out.write(
                f'<post dsq:id="{post}"><message><![CDATA[<p>{sentence(rng, 30)}</p>]]></message>'
                f"<createdAt>2021-01-02T03:04:05Z</createdAt><isDeleted>false</isDeleted>"
                f"<isSpam>false</isSpam><author><email>x@example.net</email>"
                f"<name>reader {rng.randrange(500)}</name><isAnonymous>false</isAnonymous>"
                f'</author><ipAddress>192.0.2.1</ipAddress><thread dsq:id="{thread}"/>{parent}'
                "</post>\n"
            )
        out.write("</disqus>\n")


def measure(script: str, path: Path) -> tuple[float, int, int, int]:
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    elapsed, rss, posts, comments = result.stdout.split()
    return float(elapsed), int(rss), int(posts), int(comments)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50, help="size of each generated export")
    args = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        for module, write, record_depth in [("wxr", write_wxr, 1), ("disqus", write_disqus, 0)]:
            path = Path(folder) / f"{module}.xml"
            write(path, args.mb, rng)
            size = path.stat().st_size / 2**20
            base_time, base_rss, _, _ = measure(
                READ_BASELINE.format(record_depth=record_depth), path
            )
            time, rss, posts, comments = measure(READ_TALKBACK.format(module=module), path)
            print(
                f"{module}: {size:.0f} MiB, {posts} posts, {comments} comments | "
                f"talkback {time:.1f} s ({size / time:.1f} MiB/s, peak {rss / 1024:.0f} MiB) | "
                f"bare C iterparse {base_time:.1f} s ({size / base_time:.1f} MiB/s, "
                f"peak {base_rss / 1024:.0f} MiB) | ratio {time / base_time:.1f}x"
            )


if __name__ == "__main__":
    main()
