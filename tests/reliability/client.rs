//! A raw LSP client for the reliability tests: unlike `support::LspClient`
//! it never answers the server's requests (unless told to), can stop
//! reading, and reads the server's memory from `/proc`.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

pub const WAIT: Duration = Duration::from_secs(30);

pub struct RawClient {
    pub child: Child,
    stdin: Option<ChildStdin>,
    incoming: Option<Receiver<Value>>,
    stdout: Option<ChildStdout>,
    next_id: i64,
    pub seen: Vec<Value>,
}

impl RawClient {
    /// Starts the server with `data` as its data folder and extra `env`.
    pub fn start(data: &Path, env: &[(&str, &str)]) -> RawClient {
        let mut command = Command::new(env!("CARGO_BIN_EXE_interview-ls"));
        command
            .env("INTERVIEW_LS_DATA", data)
            .env("XDG_CACHE_HOME", data.join("cache"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("spawn interview-ls");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        RawClient {
            child,
            stdin,
            incoming: None,
            stdout,
            next_id: 1,
            seen: Vec::new(),
        }
    }

    /// Starts reading the server's output on a thread.
    pub fn read(&mut self) {
        let stdout = self.stdout.take().expect("not reading yet");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        self.incoming = Some(rx);
    }

    /// The server's stdin, for a writer thread.
    pub fn take_stdin(&mut self) -> ChildStdin {
        self.stdin.take().expect("stdin open")
    }

    pub fn send(&mut self, message: &Value) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        let _ = stdin.write_all(&frame(message));
        let _ = stdin.flush();
    }

    /// Writes bytes as they are (a frame built by hand).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        let _ = stdin.write_all(bytes);
        let _ = stdin.flush();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// The next message matching `pick`, or `None` after `wait`.
    pub fn wait_for(&mut self, wait: Duration, pick: impl Fn(&Value) -> bool) -> Option<Value> {
        if let Some(at) = self.seen.iter().position(&pick) {
            return Some(self.seen.remove(at));
        }
        let deadline = Instant::now() + wait;
        let incoming = self.incoming.as_ref().expect("reading");
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let message = incoming.recv_timeout(left).ok()?;
            if pick(&message) {
                return Some(message);
            }
            self.seen.push(message);
        }
    }

    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(WAIT, |m| m["id"] == id && m.get("method").is_none())
            .unwrap_or_else(|| panic!("no response to {id} within {WAIT:?}"))
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// `initialize` (with these client capabilities and options) and `initialized`.
    pub fn initialize(&mut self, capabilities: Value, options: Value) {
        let response = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities,
                   "initializationOptions": options}),
        );
        assert!(response.get("result").is_some(), "{response}");
        self.notify("initialized", json!({}));
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}),
        );
    }

    /// A hover and how long it took; the symbol it names, if any.
    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> (Duration, Option<String>) {
        let started = Instant::now();
        let response = self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        let took = started.elapsed();
        let value = response["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_default();
        let symbol = value
            .lines()
            .last()
            .and_then(|footer| footer.split('`').nth(1))
            .map(String::from);
        (took, symbol)
    }

    /// Resident memory in MB, from `/proc`.
    pub fn rss_mb(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    }

    /// The exit status, or `None` when still running after `wait`.
    pub fn wait_exit(&mut self, wait: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for RawClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    bytes
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim();
        if line.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// Latencies as "p50 X ms, p99 Y ms, max Z ms".
pub fn figures(times: &mut [Duration]) -> String {
    times.sort();
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    format!(
        "p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} requests)",
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        times.len()
    )
}
