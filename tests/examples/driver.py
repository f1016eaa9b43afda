"""Runs one bank block, then sends its ``# test:`` requests to its app.

Usage: ``python -W error driver.py block.py spec.json`` (run_examples.py does
this in a fresh temporary folder).  The block runs with ``__name__`` set to
``"__example__"``, so an ``if __name__ == "__main__":`` section (where
``app.run()`` or ``uvicorn.run()`` belong) is not started.

A test line reads ``# test: METHOD PATH [json=…] [form=…] [headers=…] -> STATUS ["text"]``:
the values after ``=`` are JSON, STATUS is the expected status code and the
optional JSON string must appear in the response body.
"""

from __future__ import annotations

import json
import re
import runpy
import sys
from pathlib import Path

TEST_LINE = re.compile(r"^\s*#\s*test:\s*(.+?)\s*$")
OPTIONS = ("json", "form", "headers")


class TestLineError(Exception):
    pass


def parse_test_line(text: str) -> dict:
    if " -> " not in text:
        raise TestLineError(f"missing ' -> ' in test line: {text!r}")
    request, expected = text.rsplit(" -> ", 1)
    parts = request.strip().split(None, 2)
    if len(parts) < 2:
        raise TestLineError(f"test line needs METHOD and PATH: {text!r}")
    method, path = parts[0].upper(), parts[1]
    rest = parts[2] if len(parts) > 2 else ""
    options: dict = {}
    decoder = json.JSONDecoder()
    while rest.strip():
        rest = rest.strip()
        key, sep, value = rest.partition("=")
        if not sep or key not in OPTIONS:
            raise TestLineError(f"expected one of {', '.join(o + '=' for o in OPTIONS)} in {text!r}")
        try:
            options[key], end = decoder.raw_decode(value)
        except json.JSONDecodeError as err:
            raise TestLineError(f"bad JSON after {key}= in {text!r}: {err}") from err
        rest = value[end:]
    expected = expected.strip()
    status_text, _, body_text = expected.partition(" ")
    if not status_text.isdigit():
        raise TestLineError(f"expected a status code after '->' in {text!r}")
    contains = json.loads(body_text) if body_text.strip() else None
    return {"method": method, "path": path, "options": options, "status": int(status_text), "contains": contains}


def find_app(namespace: dict, name: str | None):
    if name:
        target = namespace[name]
        return target() if callable(target) and not hasattr(target, "test_client") and name.startswith("create") else target
    if "app" in namespace:
        return namespace["app"]
    if callable(namespace.get("create_app")):
        return namespace["create_app"]()
    raise TestLineError("the block has test lines but defines neither `app` nor `create_app()`")


def run_tests(app, tests: list[dict]) -> None:
    if hasattr(app, "test_client"):
        client = app.test_client()
        # Flask's client calls a form body `data` and reads text with get_data().
        check_all(tests, lambda t: send(client.open, t, lambda r: r.get_data(as_text=True), method_kw=True))
    else:
        from fastapi.testclient import TestClient

        with TestClient(app) as client:
            check_all(tests, lambda t: send(client.request, t, lambda r: r.text, method_kw=False))


def send(request, test, body_of, method_kw: bool):
    """Sends one test request through a Flask or Starlette test client."""
    opts = test["options"]
    kwargs = {"headers": opts.get("headers")}
    if "json" in opts:
        kwargs["json"] = opts["json"]
    if "form" in opts:
        kwargs["data"] = opts["form"]
    if method_kw:
        response = request(test["path"], method=test["method"], **kwargs)
    else:
        response = request(test["method"], test["path"], **kwargs)
    return response.status_code, body_of(response)


def check_all(tests, send) -> None:
    for test in tests:
        status, body = send(test)
        label = f"{test['method']} {test['path']}"
        if status != test["status"]:
            raise AssertionError(f"{label}: expected status {test['status']}, got {status}: {body[:500]}")
        if test["contains"] is not None and test["contains"] not in body:
            raise AssertionError(f"{label}: expected {test['contains']!r} in the body, got: {body[:500]}")
        print(f"  {label} -> {status}")


def main() -> None:
    source = Path(sys.argv[1])
    spec = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    tests = [parse_test_line(m.group(1)) for line in source.read_text(encoding="utf-8").splitlines() if (m := TEST_LINE.match(line))]
    sys.path.insert(0, str(source.parent))
    namespace = runpy.run_path(str(source), run_name="__example__")
    if tests:
        run_tests(find_app(namespace, spec.get("app")), tests)


if __name__ == "__main__":
    main()
