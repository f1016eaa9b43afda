"""Run every Python block of the question bank for real.

Two ways in:

* ``run_examples.py --blocks blocks.json`` — the list of blocks as the Rust
  parser sees them (``tests/examples.rs`` writes it); this is what ``cargo test``
  runs, so the runner checks exactly what the server ships.
* ``run_examples.py questions/some-file.md ...`` — an authoring shortcut that
  pulls the fenced ``python`` blocks out of Markdown files directly, so a bank
  author can run one file's examples while writing it.

Each block runs in a fresh temporary folder, in its own interpreter, with
warnings turned into errors.  ``# test:`` lines in a block (see
``questions/README.md``) are sent to the block's app through FastAPI's
``TestClient`` or Flask's ``test_client()``.  Blocks marked ``needs=postgres``
or ``needs=redis`` get a private database (or a flushed Redis) built from
``DATABASE_URL`` / ``REDIS_URL``; without those variables they are skipped by
name, unless ``--require-services`` is given, in which case that is a failure.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import textwrap
import threading
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "driver.py"
SERVICES = {"postgres": "DATABASE_URL", "redis": "REDIS_URL"}
TIMEOUT_SECONDS = 120


@dataclass
class Block:
    file: str
    line: int
    code: str
    kind: str = "example"
    id: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        label = f" [{self.id}]" if self.id else ""
        return f"{self.file}:{self.line}{label}"

    @property
    def needs(self) -> list[str]:
        raw = self.attrs.get("needs", "")
        return [n.strip() for n in raw.split(",") if n.strip()]


FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*(.*)$")


def parse_info(info: str) -> tuple[str, dict[str, str]]:
    """Split a fence info string such as ``python snippet id=x title="A b"``."""
    words = shlex.split(info)
    if not words:
        return "", {}
    attrs: dict[str, str] = {}
    flags = []
    for word in words[1:]:
        if "=" in word:
            key, value = word.split("=", 1)
            attrs[key] = value
        else:
            flags.append(word)
    kind = "snippet" if "snippet" in flags else "example"
    attrs["__kind"] = kind
    return words[0], attrs


def blocks_from_markdown(path: Path) -> list[Block]:
    blocks = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence, info = match.groups()
        start = i
        body = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        i += 1
        lang, attrs = parse_info(info)
        if lang != "python":
            continue
        kind = attrs.pop("__kind")
        blocks.append(
            Block(str(path), start + 1, "\n".join(body) + "\n", kind, attrs.get("id"), attrs)
        )
    return blocks


def blocks_from_json(path: Path) -> list[Block]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Block(b["file"], b["line"], b["code"], b["kind"], b.get("id"), b.get("attrs", {}))
        for b in data
    ]


class Services:
    """Hands each block that needs a server its own clean corner of it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counter = 0

    def missing(self, block: Block) -> list[str]:
        return [SERVICES[n] for n in block.needs if n in SERVICES and not os.environ.get(SERVICES[n])]

    def prepare(self, block: Block, env: dict[str, str]) -> str | None:
        """Return a database name to drop afterwards, if one was created."""
        created = None
        if "postgres" in block.needs:
            with self.lock:
                self.counter += 1
                name = f"example_{os.getpid()}_{self.counter}"
            base = os.environ["DATABASE_URL"]
            admin = to_libpq(base)
            run_sql(admin, f'DROP DATABASE IF EXISTS "{name}"')
            run_sql(admin, f'CREATE DATABASE "{name}"')
            env["DATABASE_URL"] = replace_db(base, name)
            created = name
        if "redis" in block.needs:
            import_check = subprocess.run(
                [sys.executable, "-c", "import redis,os;redis.Redis.from_url(os.environ['REDIS_URL']).flushdb()"],
                capture_output=True,
                text=True,
                env=env,
            )
            if import_check.returncode != 0:
                raise RuntimeError(f"cannot flush Redis: {import_check.stderr.strip()}")
        return created

    def cleanup(self, name: str | None) -> None:
        if name:
            run_sql(to_libpq(os.environ["DATABASE_URL"]), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def to_libpq(url: str) -> str:
    return re.sub(r"^postgresql\+\w+://", "postgresql://", url)


def replace_db(url: str, name: str) -> str:
    """Point a database URL at another database on the same server."""
    scheme, rest = url.split("://", 1)
    netloc, _, tail = rest.partition("/")
    query = "?" + tail.split("?", 1)[1] if "?" in tail else ""
    return f"{scheme}://{netloc}/{name}{query}"


def run_sql(libpq_url: str, sql: str) -> None:
    code = textwrap.dedent(
        """
        import sys, psycopg
        with psycopg.connect(sys.argv[1], autocommit=True) as conn:
            conn.execute(sys.argv[2])
        """
    )
    done = subprocess.run([sys.executable, "-c", code, libpq_url, sql], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"PostgreSQL: {sql}: {done.stderr.strip()}")


def run_block(block: Block, services: Services) -> tuple[str, str]:
    """Returns (status, detail) with status one of ok, skip, FAIL."""
    missing = services.missing(block)
    if missing:
        return "skip", f"needs {', '.join(block.needs)}: {', '.join(missing)} unset"
    env = dict(os.environ)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PYTHONWARNINGS", None)
    created = None
    try:
        created = services.prepare(block, env)
        with tempfile.TemporaryDirectory(prefix="bank-example-") as tmp:
            source = Path(tmp) / "block.py"
            source.write_text(block.code, encoding="utf-8")
            spec = Path(tmp) / "spec.json"
            spec.write_text(json.dumps({"app": block.attrs.get("app")}), encoding="utf-8")
            done = subprocess.run(
                [sys.executable, "-W", "error", str(DRIVER), str(source), str(spec)],
                cwd=tmp,
                env=env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
            )
        if done.returncode != 0:
            return "FAIL", (done.stdout + done.stderr).strip()
        return "ok", done.stdout.strip()
    except subprocess.TimeoutExpired:
        return "FAIL", f"timed out after {TIMEOUT_SECONDS}s"
    except RuntimeError as err:
        return "FAIL", str(err)
    finally:
        services.cleanup(created)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("markdown", nargs="*", type=Path, help="bank files to read directly")
    parser.add_argument("--blocks", type=Path, help="JSON list of blocks from the Rust parser")
    parser.add_argument("--require-services", action="store_true", help="fail instead of skipping service blocks")
    parser.add_argument("-j", "--jobs", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("-k", "--filter", default="", help="only blocks whose file:line [id] contains this")
    args = parser.parse_args()

    blocks: list[Block] = []
    if args.blocks:
        blocks += blocks_from_json(args.blocks)
    for path in args.markdown:
        files = sorted(path.rglob("*.md")) if path.is_dir() else [path]
        for file in files:
            if file.name != "README.md":
                blocks += blocks_from_markdown(file)
    blocks = [b for b in blocks if args.filter in b.where]
    if not blocks:
        print("no Python blocks found", file=sys.stderr)
        return 2

    services = Services()
    results: list[tuple[Block, str, str]] = []
    # Redis blocks share one server and flush it, so they run one at a time.
    serial = [b for b in blocks if "redis" in b.needs]
    parallel = [b for b in blocks if "redis" not in b.needs]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(run_block, b, services): b for b in parallel}
        for block in serial:
            status, detail = run_block(block, services)
            results.append((block, status, detail))
            print(f"{status:4} {block.where}", flush=True)
        for future in concurrent.futures.as_completed(futures):
            block = futures[future]
            status, detail = future.result()
            results.append((block, status, detail))
            print(f"{status:4} {block.where}", flush=True)

    failed = [r for r in results if r[1] == "FAIL"]
    skipped = [r for r in results if r[1] == "skip"]
    if args.require_services and skipped:
        for block, _, detail in skipped:
            print(f"FAIL {block.where}: service required but {detail}")
        failed += skipped
        skipped = []
    for block, _, detail in failed:
        print(f"\n=== FAIL {block.where}\n{detail}\n")
    for block, _, detail in skipped:
        print(f"skipped {block.where}: {detail}")
    passed = len(results) - len(failed) - len(skipped)
    print(f"examples: {passed} passed, {len(failed)} failed, {len(skipped)} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
