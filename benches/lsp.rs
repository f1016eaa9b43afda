//! `cargo bench --bench lsp`: interview-ls against the transport floor.
//!
//! Figures, not tests: this prints a table and writes `BENCHMARKS.md` at the
//! repository root; nothing here fails on a slow number. It builds its own
//! release binaries (`cargo build --release --features bench-floor` into
//! `target/bench-bin`), so it measures exactly what `cargo install` ships,
//! plus the floor server of `benches/floor/server.rs`: a do-nothing server on
//! the same framework that answers hover with the word under the cursor.
//!
//! Every server is driven over real stdio pipes with Content-Length framing,
//! one request at a time, timed from the first byte written to the last byte
//! of the response read, the way an editor sees it.

use interview_ls::bank::Bank;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

/// Startup runs per server; the median is reported.
const STARTUP_RUNS: usize = 20;
/// Lines in each generated FastAPI file.
const FILE_LINES: usize = 5_000;
/// Hovers timed per server after `HOVER_WARMUP` untimed ones.
const HOVERS: usize = 2_000;
const HOVER_WARMUP: usize = 200;
/// The memory scenario: this many files open, then this many hovers.
const MEMORY_FILES: usize = 10;
const MEMORY_HOVERS: usize = 1_000;
/// The scale scenario.
const BANK_QUESTIONS: usize = 10_000;
const BIG_FILE_LINES: usize = 100_000;
const BIG_FILE_EDITS: usize = 300;
const SYMBOL_QUERIES: usize = 300;
/// The edit scenario stops early past this, so a slow build still reports
/// (over however many edits fit) instead of running for hours.
const EDIT_BUDGET: Duration = Duration::from_secs(60);

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bins = build_release(&root);
    let ours = bins.join("interview-ls");
    let floor = bins.join("interview-ls-floor");
    let scratch = tempfile::tempdir().expect("temp dir");
    let mut report = Report::default();

    eprintln!("startup…");
    let startup_ours = median(&startup_times(&ours, scratch.path()));
    let startup_floor = median(&startup_times(&floor, scratch.path()));
    report.row(
        "Startup (spawn → initialize response, median of 20)",
        format!("{} (floor {})", ms(startup_ours), ms(startup_floor)),
        "≤ 1.3× floor",
        ratio_verdict(startup_ours, startup_floor, 1.3),
    );

    eprintln!("hover…");
    let file = fastapi_file(FILE_LINES, 0);
    let targets = hover_targets(&file);
    let (ours_hover, answered) = hover_times(&ours, scratch.path(), &file, &targets);
    let (floor_hover, _) = hover_times(&floor, scratch.path(), &file, &targets);
    let (p50, p99) = (percentile(&ours_hover, 50.0), percentile(&ours_hover, 99.0));
    let (f50, f99) = (
        percentile(&floor_hover, 50.0),
        percentile(&floor_hover, 99.0),
    );
    report.row(
        "Hover p50, 5,000-line FastAPI file",
        format!("{} (floor {}, {:.2}×)", ms(p50), ms(f50), ratio(p50, f50)),
        "—",
        String::new(),
    );
    report.row(
        "Hover p99, 5,000-line FastAPI file",
        format!("{} (floor {}, {:.2}×)", ms(p99), ms(f99), ratio(p99, f99)),
        "≤ 1.2× floor and < 1 ms",
        if ratio(p99, f99) <= 1.2 && p99 < Duration::from_millis(1) {
            "met".into()
        } else {
            format!(
                "missed ({})",
                [
                    (ratio(p99, f99) > 1.2).then_some("ratio"),
                    (p99 >= Duration::from_millis(1)).then_some("absolute"),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ")
            )
        },
    );
    report.note(format!(
        "Hover: {HOVERS} hovers after {HOVER_WARMUP} warm-up ones on framework symbols \
         (`Depends`, `Query`, `router.get`, `HTTPException`, `BaseModel`, `async`, \
         `response_model=`); {answered} of {HOVERS} returned a question (the floor returns the word)."
    ));

    eprintln!("memory…");
    let (rss_idle, rss_peak) = memory(&ours, scratch.path());
    let (_, floor_peak) = memory(&floor, scratch.path());
    report.row(
        "Peak RSS (VmHWM), default bank, 10 × 5,000-line files + 1,000 hovers",
        format!(
            "{} (after initialize {}; floor peak {})",
            mb(rss_peak),
            mb(rss_idle),
            mb(floor_peak)
        ),
        "< 30 MB",
        verdict(rss_peak < 30 * 1024),
    );

    eprintln!("scale: bank…");
    let bank_dir = scratch.path().join("bank");
    write_bank(&bank_dir, BANK_QUESTIONS);
    let loads: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let bank = Bank::load(std::slice::from_ref(&bank_dir));
            let elapsed = start.elapsed();
            assert!(bank.errors().is_empty(), "{:?}", bank.errors().first());
            assert!(bank.questions().len() > BANK_QUESTIONS);
            elapsed
        })
        .collect();
    let load = median(&loads);
    report.row(
        "10,000-question bank: load + index (library, median of 5)",
        ms(load),
        "< 150 ms",
        verdict(load < Duration::from_millis(150)),
    );
    let bank = Bank::load(std::slice::from_ref(&bank_dir));
    let queries = symbol_queries();
    let search: Vec<Duration> = (0..SYMBOL_QUERIES)
        .map(|i| {
            let query = queries[i % queries.len()];
            let start = Instant::now();
            let hits = bank.search(query, 50);
            let elapsed = start.elapsed();
            std::hint::black_box(hits);
            elapsed
        })
        .collect();
    let (s50, s99) = (percentile(&search, 50.0), percentile(&search, 99.0));
    report.row(
        "10,000-question bank: `Bank::search` p50 / p99 (library)",
        format!("{} / {}", ms(s50), ms(s99)),
        "< 2 ms",
        verdict(s99 < Duration::from_millis(2)),
    );
    let scale = symbol_times(&ours, scratch.path(), &bank_dir, &queries);
    let (w50, w99) = (
        percentile(&scale.symbols, 50.0),
        percentile(&scale.symbols, 99.0),
    );
    report.row(
        "10,000-question bank: `workspace/symbol` p50 / p99 (over stdio)",
        format!("{} / {}", ms(w50), ms(w99)),
        "< 2 ms",
        verdict(w99 < Duration::from_millis(2)),
    );
    report.row(
        "10,000-question bank: initialize with `questionPaths` / peak RSS",
        format!("{} / {}", ms(scale.initialize), mb(scale.peak_kb)),
        "—",
        String::new(),
    );

    eprintln!("scale: 100,000-line file…");
    let (edits, edit_answered) = big_file_edits(&ours, scratch.path());
    let edit_count = edits.len();
    let (e50, e99) = (percentile(&edits, 50.0), percentile(&edits, 99.0));
    report.row(
        "100,000-line file: didChange + hover p50 / p99",
        format!("{} / {}", ms(e50), ms(e99)),
        "< 2 ms",
        verdict(e99 < Duration::from_millis(2)),
    );
    report.note(format!(
        "Edits: {edit_count} incremental `didChange`s (at most {BIG_FILE_EDITS}, or as many as fit \
         in {} s) on a {BIG_FILE_LINES}-line file, each \
         renaming the call under the cursor (`Depends` ↔ `Query`) in the middle of the file and \
         followed at once by a hover there; timed from the change's first byte to the hover's \
         answer; diagnostics are published on each change too. {edit_answered} of {edit_count} \
         hovers named the symbol just written.",
        EDIT_BUDGET.as_secs()
    ));
    report.note(format!(
        "Bank: {BANK_QUESTIONS} generated questions in 100 files, laid over the built-in bank; \
         `workspace/symbol` and `Bank::search` run {SYMBOL_QUERIES} typed queries \
         (paraphrases, typos, symbols) with the 50-result limit."
    ));

    let table = report.render();
    println!("{table}");
    let markdown = report.markdown();
    let path = root.join("BENCHMARKS.md");
    std::fs::write(&path, markdown).expect("write BENCHMARKS.md");
    eprintln!("wrote {}", path.display());
}

/// Builds both binaries in release mode into their own target folder (the
/// outer `cargo bench` holds a lock on `target/release`).
fn build_release(root: &Path) -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target = root.join("target").join("bench-bin");
    eprintln!("building release binaries into {}…", target.display());
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["build", "--release", "--features", "bench-floor", "--bins"])
        .arg("--target-dir")
        .arg(&target)
        .status()
        .expect("run cargo build");
    assert!(status.success(), "cargo build --release failed");
    target.join("release")
}

// ---------------------------------------------------------------- scenarios

fn startup_times(binary: &Path, scratch: &Path) -> Vec<Duration> {
    (0..STARTUP_RUNS)
        .map(|_| {
            let start = Instant::now();
            let mut server = Server::spawn(binary, scratch);
            server.initialize(Value::Null);
            let elapsed = start.elapsed();
            server.exit();
            elapsed
        })
        .collect()
}

/// Hover latencies (timed part only) and how many hovers had an answer.
fn hover_times(
    binary: &Path,
    scratch: &Path,
    file: &str,
    targets: &[(u32, u32)],
) -> (Vec<Duration>, usize) {
    let mut server = Server::spawn(binary, scratch);
    server.initialize(Value::Null);
    let uri = "file:///bench/app.py";
    server.open(uri, file);
    let mut times = Vec::with_capacity(HOVERS);
    let mut answered = 0;
    for i in 0..HOVER_WARMUP + HOVERS {
        let (line, character) = targets[i % targets.len()];
        let start = Instant::now();
        let response = server.request("textDocument/hover", hover_params(uri, line, character));
        let elapsed = start.elapsed();
        if i >= HOVER_WARMUP {
            times.push(elapsed);
            answered += usize::from(!response["result"].is_null());
        }
    }
    server.exit();
    (times, answered)
}

/// RSS after `initialize`, and the peak after the files and hovers (KiB).
fn memory(binary: &Path, scratch: &Path) -> (u64, u64) {
    let mut server = Server::spawn(binary, scratch);
    server.initialize(Value::Null);
    let idle = server.status_kb("VmRSS:");
    let mut files = Vec::new();
    for n in 0..MEMORY_FILES {
        let file = fastapi_file(FILE_LINES, n);
        let uri = format!("file:///bench/app{n}.py");
        server.open(&uri, &file);
        files.push((uri, hover_targets(&file)));
    }
    for i in 0..MEMORY_HOVERS {
        let (uri, targets) = &files[i % files.len()];
        let (line, character) = targets[i % targets.len()];
        server.request("textDocument/hover", hover_params(uri, line, character));
    }
    let peak = server.status_kb("VmHWM:");
    server.exit();
    (idle, peak)
}

struct Scale {
    initialize: Duration,
    symbols: Vec<Duration>,
    peak_kb: u64,
}

fn symbol_times(binary: &Path, scratch: &Path, bank: &Path, queries: &[&str]) -> Scale {
    let mut server = Server::spawn(binary, scratch);
    let start = Instant::now();
    server.initialize(json!({"questionPaths": [bank]}));
    let initialize = start.elapsed();
    // The first call copies the built-in bank to the cache folder; not timed.
    server.request("workspace/symbol", json!({"query": "warm up"}));
    let symbols = (0..SYMBOL_QUERIES)
        .map(|i| {
            let query = queries[i % queries.len()];
            let start = Instant::now();
            let response = server.request("workspace/symbol", json!({"query": query}));
            let elapsed = start.elapsed();
            assert!(response.get("error").is_none(), "{response}");
            elapsed
        })
        .collect();
    let peak_kb = server.status_kb("VmHWM:");
    server.exit();
    Scale {
        initialize,
        symbols,
        peak_kb,
    }
}

/// didChange + hover on a 100,000-line file; (latencies, hovers that saw the edit).
fn big_file_edits(binary: &Path, scratch: &Path) -> (Vec<Duration>, usize) {
    let file = fastapi_file(BIG_FILE_LINES, 0);
    let mut server = Server::spawn(binary, scratch);
    server.initialize(Value::Null);
    let uri = "file:///bench/big.py";
    server.open(uri, &file);
    // The `Depends` of a handler in the middle of the file.
    let middle = file.len() / 2;
    let at = middle + file[middle..].find("Depends(get_db)").expect("a Depends");
    let line = file[..at].matches('\n').count() as u32;
    let column = (at - file[..at].rfind('\n').map_or(0, |i| i + 1)) as u32;
    let mut current = "Depends";
    let mut times = Vec::with_capacity(BIG_FILE_EDITS);
    let mut answered = 0;
    let budget = Instant::now() + EDIT_BUDGET;
    for version in 2..BIG_FILE_EDITS as i32 + 2 {
        if Instant::now() > budget {
            break;
        }
        let next = if current == "Depends" {
            "Query"
        } else {
            "Depends"
        };
        let change = json!({
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{
                "range": {
                    "start": {"line": line, "character": column},
                    "end": {"line": line, "character": column + current.len() as u32}
                },
                "text": next
            }]
        });
        let start = Instant::now();
        server.notify("textDocument/didChange", change);
        let response = server.request("textDocument/hover", hover_params(uri, line, column + 1));
        times.push(start.elapsed());
        let text = response["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_default();
        answered += usize::from(text.contains(&format!("fastapi.{next}")));
        current = next;
    }
    server.exit();
    (times, answered)
}

// ---------------------------------------------------------------- inputs

/// A FastAPI module of about `lines` lines: imports, an app and a router,
/// then route handlers using `Depends`, `Query`, `HTTPException` and models.
/// `salt` varies names so several files differ.
fn fastapi_file(lines: usize, salt: usize) -> String {
    let mut text = String::from(
        "from typing import Annotated\n\nfrom fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, status\nfrom pydantic import BaseModel\nfrom sqlalchemy.orm import Session\n\napp = FastAPI()\nrouter = APIRouter(prefix=\"/items\")\n\n\ndef get_db():\n    db = SessionLocal()\n    try:\n        yield db\n    finally:\n        db.close()\n\n",
    );
    let mut i = 0;
    while text.matches('\n').count() < lines {
        let _ = write!(
            text,
            "\nclass Item{salt}x{i}(BaseModel):\n    name: str\n    price: float\n\n\n@router.get(\"/items{i}/{{item_id}}\", response_model=Item{salt}x{i})\nasync def read_item_{salt}x{i}(item_id: int, q: str | None = Query(None), db: Session = Depends(get_db)):\n    item = db.get(Item{salt}x{i}, item_id)\n    if item is None:\n        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND)\n    return item\n\n"
        );
        i += 1;
    }
    text
}

/// (line, UTF-16 column) of framework symbols across the file; the text is
/// ASCII, so byte columns are UTF-16 columns.
fn hover_targets(file: &str) -> Vec<(u32, u32)> {
    let needles = [
        "Depends(get_db)",
        "Query(None)",
        "get(\"/items",
        "HTTPException(status_code",
        "BaseModel):",
        "async def",
        "response_model=",
    ];
    let mut targets = Vec::new();
    for (line_no, line) in file.lines().enumerate() {
        for needle in needles {
            if let Some(col) = line.find(needle) {
                targets.push((line_no as u32, col as u32 + 1));
            }
        }
    }
    // Spread over the whole file rather than its first handlers.
    let step = (targets.len() / 500).max(1);
    targets.into_iter().step_by(step).collect()
}

/// Writes `count` questions into 100 files under `dir`.
fn write_bank(dir: &Path, count: usize) {
    const WORDS: &[&str] = &[
        "dependency",
        "injection",
        "router",
        "blueprint",
        "session",
        "database",
        "transaction",
        "middleware",
        "request",
        "response",
        "validation",
        "schema",
        "pydantic",
        "model",
        "serialization",
        "authentication",
        "authorization",
        "token",
        "jwt",
        "oauth",
        "cookie",
        "cors",
        "caching",
        "redis",
        "celery",
        "background",
        "task",
        "websocket",
        "streaming",
        "upload",
        "pagination",
        "filtering",
        "sorting",
        "migration",
        "alembic",
        "sqlalchemy",
        "async",
        "await",
        "thread",
        "process",
        "worker",
        "gunicorn",
        "uvicorn",
        "deployment",
        "docker",
        "logging",
        "monitoring",
        "testing",
        "fixture",
        "client",
        "mock",
        "override",
        "lifespan",
        "startup",
        "shutdown",
        "config",
        "settings",
        "environment",
        "secret",
        "hashing",
        "password",
        "rate",
        "limiting",
        "throttling",
        "error",
        "exception",
        "handler",
        "status",
        "header",
        "query",
        "path",
        "body",
        "form",
        "file",
        "template",
        "jinja",
        "context",
        "global",
        "application",
        "factory",
        "extension",
        "signal",
        "event",
        "hook",
        "decorator",
        "route",
        "endpoint",
        "versioning",
        "openapi",
        "documentation",
        "security",
        "scope",
        "permission",
        "role",
        "admin",
        "tenant",
        "idempotency",
        "retry",
        "timeout",
        "connection",
        "pool",
        "index",
        "performance",
        "profiling",
        "memory",
        "leak",
        "graceful",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    std::fs::create_dir_all(dir).expect("bank dir");
    let per_file = count.div_ceil(100);
    for file in 0..100 {
        let mut text = format!("# Generated bank file {file}\n\n");
        for k in 0..per_file {
            let i = file * per_file + k;
            if i >= count {
                break;
            }
            let w: Vec<&str> = (0..6).map(|_| WORDS[next(WORDS.len())]).collect();
            let framework = ["fastapi", "flask", "general"][i % 3];
            let difficulty = ["easy", "medium", "hard"][next(3)];
            let (a, b, c, d, e, f) = (w[0], w[1], w[2], w[3], w[4], w[5]);
            let thing = i % 400;
            let _ = write!(
                text,
                "## How do {a} and {b} interact with {c} in a {framework} {d} service (case {i})?\n\n\
                 - id: generated-{i}\n- difficulty: {difficulty}\n- frameworks: {framework}\n\
                 - topics: {e}, {f}\n- keywords: {framework}.Thing{thing}, {a} {c}\n\
                 - aliases: Explain {b} {d} case {i}. | Why use {e} for {f}?\n\n\
                 **In short:** {a} keeps {b} predictable.\n\n\
                 A longer answer about {c} and {d}, with a list:\n\n- {e}\n- {f}\n\n"
            );
        }
        std::fs::write(dir.join(format!("bank{file:03}.md")), text).expect("write bank file");
    }
}

fn symbol_queries() -> Vec<&'static str> {
    vec![
        "dependency injection",
        "how do i limit requests per user",
        "blueprnt",
        "fastapi.Depends",
        "session transaction rollback",
        "jwt token refresh",
        "websocket streaming",
        "middlware",
        "background task celery redis",
        "pagination",
    ]
}

fn hover_params(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

// ---------------------------------------------------------------- client

/// One server process driven synchronously over its stdio.
struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
}

impl Server {
    fn spawn(binary: &Path, scratch: &Path) -> Server {
        let mut child = Command::new(binary)
            .env("INTERVIEW_LS_DATA", scratch.join("data"))
            .env("XDG_CACHE_HOME", scratch.join("cache"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn server");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Server {
            child,
            stdin,
            stdout,
            next_id: 1,
        }
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body.as_bytes());
        self.stdin.write_all(&frame).expect("write to server");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and reads until its response, answering server
    /// requests with `null` and skipping notifications.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.read();
            match (message.get("id"), message.get("method")) {
                (Some(got), None) if *got == json!(id) => return message,
                (Some(server_id), Some(_)) => {
                    let reply = json!({"jsonrpc": "2.0", "id": server_id, "result": null});
                    self.send(&reply);
                }
                _ => {}
            }
        }
    }

    fn read(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            let n = self.stdout.read_line(&mut line).expect("read header");
            assert!(n > 0, "server closed its output");
            let line = line.trim();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length:") {
                length = value.trim().parse().expect("length");
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).expect("read body");
        serde_json::from_slice(&body).expect("JSON body")
    }

    fn initialize(&mut self, options: Value) {
        let response = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": {
                    "general": {"positionEncodings": ["utf-16"]},
                    "textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}}
                },
                "initializationOptions": options
            }),
        );
        assert!(response.get("error").is_none(), "{response}");
        self.notify("initialized", json!({}));
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}),
        );
    }

    /// A `/proc/<pid>/status` field in KiB (Linux only; 0 elsewhere).
    fn status_kb(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    fn exit(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------- figures

fn median(times: &[Duration]) -> Duration {
    percentile(times, 50.0)
}

/// Nearest-rank percentile.
fn percentile(times: &[Duration], p: f64) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ratio(ours: Duration, floor: Duration) -> f64 {
    ours.as_secs_f64() / floor.as_secs_f64().max(1e-9)
}

fn ratio_verdict(ours: Duration, floor: Duration, limit: f64) -> String {
    let r = ratio(ours, floor);
    if r <= limit {
        format!("met ({r:.2}×)")
    } else {
        format!("missed ({r:.2}×)")
    }
}

fn verdict(met: bool) -> String {
    if met { "met" } else { "missed" }.to_string()
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.3} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

fn mb(kb: u64) -> String {
    format!("{:.1} MB", kb as f64 / 1024.0)
}

#[derive(Default)]
struct Report {
    rows: Vec<[String; 4]>,
    notes: Vec<String>,
}

impl Report {
    fn row(&mut self, what: &str, figure: String, target: &str, verdict: String) {
        self.rows
            .push([what.to_string(), figure, target.to_string(), verdict]);
    }

    fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    fn table(&self) -> String {
        let mut out = String::from(
            "| measure | figure | target | where we stand |\n| --- | --- | --- | --- |\n",
        );
        for [a, b, c, d] in &self.rows {
            let _ = writeln!(out, "| {a} | {b} | {c} | {d} |");
        }
        out
    }

    fn render(&self) -> String {
        self.table()
    }

    fn markdown(&self) -> String {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|c| {
                c.lines().find_map(|l| {
                    l.strip_prefix("model name")
                        .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
                })
            })
            .unwrap_or_else(|| "unknown CPU".into());
        let cores = std::thread::available_parallelism().map_or(0, usize::from);
        let mut out = format!(
            "# Benchmarks\n\nWritten by `cargo bench --bench lsp` (benches/lsp.rs); do not edit by hand. \
             Release binaries, {cores} cores, {cpu}, {}.\n\n\
             The floor is `benches/floor/server.rs`: a server on the same framework \
             (tower-lsp-server 0.23, same tokio runtime) that keeps document text and \
             answers hover with the word under the cursor. Latencies are end to end over \
             stdio pipes, one request at a time.\n\n",
            std::env::consts::OS
        );
        out.push_str(&self.table());
        out.push('\n');
        for note in &self.notes {
            let _ = writeln!(out, "- {note}");
        }
        out
    }
}
