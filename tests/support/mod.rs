//! A small LSP client for end-to-end tests: it spawns the real
//! `interview-ls` binary and speaks JSON-RPC over its stdio with
//! Content-Length framing, with a timeout on every wait.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_interview-ls")
}

/// How the client answers requests the server sends (showMessageRequest, …).
pub type Responder = Box<dyn FnMut(&str, &Value) -> Value + Send>;

pub struct LspClient {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications and server requests seen while waiting for something else.
    pub backlog: VecDeque<Value>,
    /// Every request the server sent us, in order.
    pub server_requests: Vec<Value>,
    responder: Responder,
    _data_dir: Option<tempfile::TempDir>,
}

/// Options for starting the server.
#[derive(Default)]
pub struct Start {
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    /// A data folder to use; a fresh temporary one when `None`.
    pub data_dir: Option<PathBuf>,
}

impl LspClient {
    pub fn start() -> LspClient {
        LspClient::start_with(Start::default())
    }

    pub fn start_with(options: Start) -> LspClient {
        let (data_dir, owned) = match options.data_dir {
            Some(dir) => (dir, None),
            None => {
                let tmp = tempfile::tempdir().expect("temp dir");
                (tmp.path().to_path_buf(), Some(tmp))
            }
        };
        let mut command = Command::new(binary());
        command
            .args(&options.args)
            .env("INTERVIEW_LS_DATA", &data_dir)
            .env("XDG_CACHE_HOME", data_dir.join("cache"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in &options.env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("spawn interview-ls");
        let stdout = child.stdout.take().expect("stdout");
        let stdin = child.stdin.take();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        LspClient {
            child,
            stdin,
            incoming: rx,
            next_id: 1,
            backlog: VecDeque::new(),
            server_requests: Vec::new(),
            responder: Box::new(|_, _| Value::Null),
            _data_dir: owned,
        }
    }

    pub fn set_responder(&mut self, responder: impl FnMut(&str, &Value) -> Value + Send + 'static) {
        self.responder = Box::new(responder);
    }

    pub fn send_raw(&mut self, body: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        let _ = write!(stdin, "Content-Length: {}\r\n\r\n", body.len());
        let _ = stdin.write_all(body);
        let _ = stdin.flush();
    }

    /// Writes bytes to the server's stdin as they are, without framing
    /// (for malformed headers).
    pub fn write_stream(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        let _ = stdin.write_all(bytes);
        let _ = stdin.flush();
    }

    pub fn send(&mut self, message: &Value) {
        self.send_raw(message.to_string().as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends a request and returns the whole response message.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response_to(id)
    }

    /// The `result` of a request, panicking with the error if there was one.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        if let Some(error) = response.get("error") {
            panic!("{method} failed: {error}");
        }
        response["result"].clone()
    }

    pub fn response_to(&mut self, id: i64) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self
                .next_message(deadline)
                .unwrap_or_else(|| panic!("no response to request {id} within {TIMEOUT:?}"));
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.backlog.push_back(message);
        }
    }

    /// Reads one message, answering server requests on the way.
    fn next_message(&mut self, deadline: Instant) -> Option<Value> {
        let wait = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(wait) {
            Ok(message) => {
                if let (Some(method), Some(id)) = (
                    message.get("method").and_then(Value::as_str),
                    message.get("id"),
                ) {
                    let result = (self.responder)(method, &message["params"]);
                    let reply = json!({"jsonrpc": "2.0", "id": id, "result": result});
                    self.server_requests.push(message.clone());
                    self.send(&reply);
                }
                Some(message)
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Waits for a notification (or server request) with this method, taking
    /// it from the backlog first.
    pub fn wait_for(&mut self, method: &str) -> Value {
        self.try_wait_for(method, TIMEOUT)
            .unwrap_or_else(|| panic!("no {method} within {TIMEOUT:?}"))
    }

    pub fn try_wait_for(&mut self, method: &str, timeout: Duration) -> Option<Value> {
        if let Some(pos) = self.backlog.iter().position(|m| m["method"] == method) {
            return self.backlog.remove(pos);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let message = self.next_message(deadline)?;
            if message["method"] == method {
                return Some(message);
            }
            self.backlog.push_back(message);
        }
    }

    /// Collects `window/logMessage` texts that arrive within `window`.
    pub fn log_messages(&mut self, window: Duration) -> Vec<String> {
        let deadline = Instant::now() + window;
        while self
            .next_message(deadline)
            .map(|m| self.backlog.push_back(m))
            .is_some()
        {}
        self.backlog
            .iter()
            .filter(|m| m["method"] == "window/logMessage")
            .map(|m| {
                m["params"]["message"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }

    /// `initialize` + `initialized` with the given capabilities and options.
    pub fn initialize_with(&mut self, capabilities: Value, options: Value) -> Value {
        let result = self.call(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": capabilities,
                "initializationOptions": options,
                "clientInfo": {"name": "interview-ls-tests"}
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    /// Initializes as a typical modern client: UTF-16, Markdown hovers, snippets, showDocument.
    pub fn initialize(&mut self) -> Value {
        self.initialize_with(default_capabilities(), Value::Null)
    }

    pub fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    /// `shutdown` then `exit`; returns the process's exit status.
    pub fn shutdown_and_exit(mut self) -> ExitStatus {
        let response = self.request("shutdown", Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    pub fn wait_exit(&mut self) -> ExitStatus {
        self.stdin.take();
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "server did not exit within {TIMEOUT:?}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().map(|s| s.is_none()).unwrap_or(false)
    }

    /// The responses to many requests in flight at once, in the order of
    /// `ids`. Unlike `response_to`, this also finds responses that arrived
    /// out of order while waiting for an earlier one (the server answers
    /// concurrent requests as they finish).
    pub fn responses_to(&mut self, ids: &[i64]) -> Vec<Value> {
        let is_response = |m: &Value| m.get("method").is_none() && m.get("id").is_some();
        let mut found: std::collections::HashMap<i64, Value> = std::collections::HashMap::new();
        self.backlog.retain(|m| {
            let id = m["id"]
                .as_i64()
                .filter(|id| is_response(m) && ids.contains(id));
            id.map(|id| found.insert(id, m.clone())).is_none()
        });
        let deadline = Instant::now() + TIMEOUT;
        while found.len() < ids.len() {
            let message = self.next_message(deadline).unwrap_or_else(|| {
                panic!(
                    "{} of {} responses within {TIMEOUT:?}",
                    found.len(),
                    ids.len()
                )
            });
            match message["id"]
                .as_i64()
                .filter(|id| is_response(&message) && ids.contains(id))
            {
                Some(id) => {
                    found.insert(id, message);
                }
                None => self.backlog.push_back(message),
            }
        }
        ids.iter()
            .map(|id| found.remove(id).unwrap_or(Value::Null))
            .collect()
    }
}

impl Drop for LspClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn default_capabilities() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-16"]},
        "window": {"showDocument": {"support": true}, "showMessage": {"messageActionItem": {"additionalPropertiesSupport": false}}},
        "workspace": {"configuration": true, "workspaceEdit": {"documentChanges": true}},
        "textDocument": {
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "completion": {"completionItem": {"snippetSupport": true}},
            "codeAction": {
                "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["", "quickfix", "refactor", "refactor.rewrite"]}},
                "resolveSupport": {"properties": ["edit"]},
                "dataSupport": true
            }
        }
    })
}

/// Reads one Content-Length framed message; `None` at end of stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut line = Vec::new();
        if reader.read_until(b'\n', &mut line).ok()? == 0 {
            return None;
        }
        head.extend_from_slice(&line);
    }
    let mut headers = [httparse::EMPTY_HEADER; 4];
    let parsed = match httparse::parse_headers(&head, &mut headers).ok()? {
        httparse::Status::Complete((_, parsed)) => parsed,
        httparse::Status::Partial => return None,
    };
    let length: usize = parsed
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("Content-Length"))
        .and_then(|h| std::str::from_utf8(h.value).ok())
        .and_then(|v| v.trim().parse().ok())?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// Removes the `$0` marker from `text`, returning the text and the marker's
/// LSP position in UTF-16 code units. Panics when the marker is missing or
/// appears twice, so a test can never point at the wrong place.
pub fn cursor(text: &str) -> (String, Value) {
    let at = text.find("$0").expect("a $0 marker");
    assert!(
        text[at + 2..].find("$0").is_none(),
        "more than one $0 marker"
    );
    let before = &text[..at];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[line_start..].encode_utf16().count();
    (
        text.replacen("$0", "", 1),
        json!({"line": line, "character": character}),
    )
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Runs the binary as a CLI and returns (exit code, stdout, stderr).
pub fn run_cli(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(binary())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run interview-ls");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs the binary as a CLI with extra environment variables and `stdin`
/// piped in; returns (exit code, stdout, stderr).
pub fn run_cli_with(args: &[&str], env: &[(&str, &Path)], stdin: &str) -> (i32, String, String) {
    let mut command = Command::new(binary());
    command
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("run interview-ls");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("wait for interview-ls");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs the binary as a CLI as a user without root's power to read every
/// file, so permission errors can be tested: as root it runs as `nobody`
/// through `setpriv` (util-linux); as anyone else it runs directly. The
/// binary's folders must be open to all. Returns (exit code, stdout, stderr).
#[cfg(unix)]
pub fn run_cli_unprivileged(args: &[&str], env: &[(&str, &Path)]) -> (i32, String, String) {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::tempdir().expect("temp dir");
    let running_as_root = std::fs::metadata(probe.path()).expect("stat").uid() == 0;
    let mut command = if running_as_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", binary()]);
        c
    } else {
        Command::new(binary())
    };
    command.args(args).env("NO_COLOR", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command
        .output()
        .expect("run interview-ls (through setpriv when root)");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
