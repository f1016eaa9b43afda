//! A validating stdio transport in front of tower-lsp-server's reader.
//!
//! Why it exists: tower-lsp-server 0.23 reads stdin through tokio-util's
//! `FramedRead`, which ends the stream after the first decode error. A single
//! body that is not JSON, or is a JSON array, or is JSON but not a JSON-RPC
//! message (`{"id": 1}` without `"jsonrpc"`), therefore ends `Server::serve`:
//! a minimal server on 0.23 exits with code 0, ours with 1 (no `shutdown`
//! came). `Server` has no setting for this (it only exposes
//! `concurrency_level`), so this module owns the real stdin and stdout:
//!
//! - A reader thread parses `Content-Length` frames from stdin and checks each
//!   body against the framework's own `Request` and `Response` types, so it
//!   forwards exactly what the framework accepts. Valid frames go to
//!   tower-lsp-server through an in-memory pipe. Invalid ones are answered
//!   here, per JSON-RPC 2.0 §5.1: `-32700` Parse error for bytes that are not
//!   JSON (or a header block without a usable `Content-Length`), `-32600`
//!   Invalid Request for JSON that is not a message. Arrays fall in the second
//!   group, as JSON-RPC's own example for `[1]` says; LSP has no batches. The
//!   answer carries the message's id when it has a readable one, else `null`.
//! - The framework's output is read back frame by frame and written to stdout
//!   by one writer thread, so those answers land between frames, never inside
//!   one.
//!
//! Both ends are plain threads rather than `tokio::io::stdin`/`stdout`:
//! tokio reads stdin on its blocking pool and cannot cancel that read, so after
//! `exit` dropping the runtime would wait until the client wrote again or
//! closed the pipe.

use serde_json::Value;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::sync::mpsc;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::sync::oneshot;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};

/// Bytes buffered between this layer and the framework in each direction.
/// 1 MiB holds any ordinary message whole; larger ones (a 100,000-line
/// `didOpen` is about 4 MB) simply wait for the other side to read.
const PIPE_CAPACITY: usize = 1 << 20;

/// The longest header line read at once. Real headers are under 100 bytes;
/// a longer "line" is garbage and is consumed in pieces of this size, so a
/// stream of binary junk without newlines never grows a buffer.
const MAX_HEADER_LINE: u64 = 8 * 1024;

/// The largest body accepted. A 100,000-line Python file is about 4 MB; a
/// declared length above this is skipped (read and discarded) and refused,
/// instead of allocating whatever a broken client claims.
const MAX_BODY: usize = 256 * 1024 * 1024;

/// What one frame from the client turned into.
#[derive(Debug, PartialEq)]
enum Incoming {
    /// A body the framework will accept.
    Message(Vec<u8>),
    /// The JSON body of an error response to send back.
    Reject(Vec<u8>),
}

/// Resolves once everything the framework wrote has reached stdout.
pub struct Flushed(oneshot::Receiver<()>);

impl Flushed {
    /// Waits for the writer; call after `Server::serve` returns (which drops
    /// the framework's output pipe, ending it).
    pub async fn wait(self) {
        let _ = self.0.await;
    }
}

/// Resolves when the client's input has ended (stdin closed, or the
/// framework stopped reading after `exit`).
pub struct InputClosed(oneshot::Receiver<()>);

impl InputClosed {
    pub async fn wait(self) {
        let _ = self.0.await;
    }
}

/// Starts the stdin reader and stdout writer; must run inside a tokio runtime.
/// Returns the framework's input (to read as its stdin), its output (to write
/// as its stdout), the writer's completion and the end of the client's input.
pub fn stdio() -> io::Result<(DuplexStream, DuplexStream, Flushed, InputClosed)> {
    let (mut to_server, input) = tokio::io::duplex(PIPE_CAPACITY);
    let (output, from_server) = tokio::io::duplex(PIPE_CAPACITY);
    let (out_tx, out_rx) = mpsc::channel::<Option<Vec<u8>>>();
    let (flushed_tx, flushed) = oneshot::channel();
    let (closed_tx, closed) = oneshot::channel();
    let runtime = tokio::runtime::Handle::current();

    let rejects = out_tx.clone();
    std::thread::Builder::new()
        .name("lsp-stdin".into())
        .spawn(move || {
            let mut reader = BufReader::new(io::stdin().lock());
            let mut frames = Vec::new();
            'read: while read_frame(&mut reader, &mut frames, MAX_BODY) {
                for frame in frames.drain(..) {
                    match frame {
                        Incoming::Message(body) => {
                            let head = frame_head(body.len());
                            let sent = runtime.block_on(async {
                                to_server.write_all(head.as_bytes()).await?;
                                to_server.write_all(&body).await
                            });
                            if sent.is_err() {
                                // The framework stopped reading (after `exit`).
                                break 'read;
                            }
                        }
                        Incoming::Reject(body) => {
                            let _ = rejects.send(Some(framed(&body)));
                        }
                    }
                }
            }
            // End of input: the framework sees end of stream and stops.
            let _ = runtime.block_on(to_server.shutdown());
            let _ = closed_tx.send(());
        })?;

    tokio::spawn(async move {
        let mut reader = tokio::io::BufReader::new(from_server);
        while let Ok(Some(frame)) = read_server_frame(&mut reader).await {
            if out_tx.send(Some(frame)).is_err() {
                break;
            }
        }
        let _ = out_tx.send(None);
    });

    std::thread::Builder::new()
        .name("lsp-stdout".into())
        .spawn(move || {
            let mut stdout = io::stdout().lock();
            let mut broken = false;
            // `None` marks the end of the framework's output.
            while let Ok(Some(frame)) = out_rx.recv() {
                if !broken {
                    broken = stdout
                        .write_all(&frame)
                        .and_then(|()| stdout.flush())
                        .is_err();
                }
            }
            let _ = flushed_tx.send(());
        })?;

    Ok((input, output, Flushed(flushed), InputClosed(closed)))
}

fn frame_head(len: usize) -> String {
    format!("Content-Length: {len}\r\n\r\n")
}

fn framed(body: &[u8]) -> Vec<u8> {
    let mut frame = frame_head(body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

/// Reads one frame, pushing what it yields (at most two items: a complaint
/// about a malformed header, then the body's verdict). `false` at end of input.
fn read_frame(reader: &mut impl BufRead, out: &mut Vec<Incoming>, max_body: usize) -> bool {
    let mut content_length: Option<Result<usize, String>> = None;
    let mut garbage = false;
    let mut seen_any = false;
    loop {
        let mut line = Vec::new();
        match reader
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)
        {
            Ok(0) | Err(_) => return false,
            Ok(_) => {}
        }
        let text = line
            .strip_suffix(b"\n")
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
            .unwrap_or(&line);
        if text.is_empty() {
            if seen_any {
                break;
            }
            // Blank lines between messages carry nothing; skip them.
            continue;
        }
        seen_any = true;
        const NAME: &[u8] = b"content-length:";
        let at = text
            .windows(NAME.len())
            .position(|w| w.eq_ignore_ascii_case(NAME));
        if let Some(at) = at {
            // Junk glued before the header (`{...}Content-Length: 5`) is
            // reported, and the header is still used to resynchronise.
            garbage |= at > 0;
            let value = String::from_utf8_lossy(&text[at + NAME.len()..]);
            let value = value.trim();
            content_length = Some(
                value
                    .parse::<usize>()
                    .map_err(|e| format!("invalid Content-Length `{value}`: {e}")),
            );
        } else if !is_header(text) {
            garbage = true;
        }
        // Content-Type and other well-formed headers are allowed and ignored.
    }
    if garbage {
        out.push(reject(
            Id::Null,
            ErrorCode::ParseError,
            "malformed message header".into(),
        ));
    }
    let length = match content_length {
        Some(Ok(length)) => length,
        Some(Err(message)) => {
            out.push(reject(Id::Null, ErrorCode::ParseError, message));
            return true;
        }
        None => {
            if !garbage {
                out.push(reject(
                    Id::Null,
                    ErrorCode::ParseError,
                    "message header without Content-Length".into(),
                ));
            }
            return true;
        }
    };
    if length > max_body {
        let skipped = io::copy(&mut reader.by_ref().take(length as u64), &mut io::sink());
        if skipped.map_or(true, |n| n < length as u64) {
            return false;
        }
        out.push(reject(
            Id::Null,
            ErrorCode::InvalidRequest,
            format!("message of {length} bytes exceeds the {max_body}-byte limit"),
        ));
        return true;
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return false;
    }
    out.push(check_body(body));
    true
}

/// `Name: value` with a token name (RFC 7230 §3.2, simplified to letters,
/// digits and `-`), as LSP's base protocol headers are.
fn is_header(line: &[u8]) -> bool {
    line.iter().position(|&b| b == b':').is_some_and(|colon| {
        colon > 0
            && line[..colon]
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
    })
}

/// Whether the framework will take this body, and if not, the answer.
///
/// The framework parses a body as its untagged `Message` (a `Response`, else a
/// `Request`); trying the same two types keeps this check exactly as strict
/// as it. `Request` goes first because nearly all traffic is requests and
/// notifications, so a valid message costs one parse here.
fn check_body(body: Vec<u8>) -> Incoming {
    if serde_json::from_slice::<Request>(&body).is_ok()
        || serde_json::from_slice::<Response>(&body).is_ok()
    {
        return Incoming::Message(body);
    }
    match serde_json::from_slice::<Value>(&body) {
        Err(err) => reject(
            Id::Null,
            ErrorCode::ParseError,
            format!("Parse error: {err}"),
        ),
        Ok(value) => {
            let id = value
                .get("id")
                .and_then(|id| serde_json::from_value::<Id>(id.clone()).ok())
                .unwrap_or(Id::Null);
            let what = match &value {
                Value::Array(_) => "a JSON array (LSP has no batch requests)".to_string(),
                Value::Object(_) => {
                    let why = serde_json::from_slice::<Request>(&body)
                        .err()
                        .map(|e| e.to_string())
                        .unwrap_or_default();
                    format!("not a JSON-RPC 2.0 message ({why})")
                }
                other => format!("a JSON {}, not an object", json_kind(other)),
            };
            reject(
                id,
                ErrorCode::InvalidRequest,
                format!("Invalid request: {what}"),
            )
        }
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn reject(id: Id, code: ErrorCode, message: String) -> Incoming {
    let error = Error {
        code,
        message: message.into(),
        data: None,
    };
    // Serialising a response of plain strings and numbers cannot fail; the
    // fallback keeps the answer well-formed all the same.
    let body = serde_json::to_vec(&Response::from_error(id, error)).unwrap_or_else(|_| {
        br#"{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null}"#.to_vec()
    });
    Incoming::Reject(body)
}

/// One whole frame (head and body) of the framework's output; `None` at its end.
/// The framework always writes a well-formed `Content-Length` head.
async fn read_server_frame(
    reader: &mut tokio::io::BufReader<DuplexStream>,
) -> io::Result<Option<Vec<u8>>> {
    let mut frame = Vec::new();
    let mut length = None;
    loop {
        let start = frame.len();
        if reader.read_until(b'\n', &mut frame).await? == 0 {
            return Ok(None);
        }
        let line = String::from_utf8_lossy(&frame[start..]);
        let line = line.trim();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let Some(length) = length else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "server frame without Content-Length",
        ));
    };
    let start = frame.len();
    frame.resize(start + length, 0);
    reader.read_exact(&mut frame[start..]).await?;
    Ok(Some(frame))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn frames_with_limit(input: &[u8], max_body: usize) -> Vec<Incoming> {
        let mut reader = io::Cursor::new(input.to_vec());
        let mut out = Vec::new();
        while read_frame(&mut reader, &mut out, max_body) {}
        out
    }

    fn frames(input: &[u8]) -> Vec<Incoming> {
        frames_with_limit(input, MAX_BODY)
    }

    fn answer(incoming: &Incoming) -> Value {
        match incoming {
            Incoming::Reject(body) => serde_json::from_slice(body).unwrap(),
            Incoming::Message(body) => panic!("forwarded {}", String::from_utf8_lossy(body)),
        }
    }

    fn frame(body: &str) -> Vec<u8> {
        framed(body.as_bytes())
    }

    #[test]
    fn forwards_requests_notifications_and_responses() {
        let bodies = [
            r#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}"#,
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":"a","result":null}"#,
        ];
        let input: Vec<u8> = bodies.iter().flat_map(|b| frame(b)).collect();
        let got = frames(&input);
        let expected: Vec<Incoming> = bodies
            .iter()
            .map(|b| Incoming::Message(b.as_bytes().to_vec()))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn answers_bad_bodies_with_parse_or_invalid_request_errors() {
        let cases = [
            ("{not json", -32700, Value::Null),
            ("", -32700, Value::Null),
            ("[]", -32600, Value::Null),
            (
                r#"[{"jsonrpc":"2.0","id":1,"method":"x"}]"#,
                -32600,
                Value::Null,
            ),
            ("42", -32600, Value::Null),
            (r#"{"id":7,"method":"x"}"#, -32600, json!(7)),
            (
                r#"{"jsonrpc":"1.0","id":"s","method":"x"}"#,
                -32600,
                json!("s"),
            ),
            (r#"{"jsonrpc":"2.0","id":1,"method":5}"#, -32600, json!(1)),
        ];
        for (body, code, id) in cases {
            let got = frames(&frame(body));
            assert_eq!(got.len(), 1, "{body}");
            let response = answer(&got[0]);
            assert_eq!(response["error"]["code"], code, "{body}: {response}");
            assert_eq!(response["id"], id, "{body}: {response}");
            assert_eq!(response["jsonrpc"], "2.0");
        }
    }

    #[test]
    fn resynchronises_after_malformed_headers() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized"}"#;
        let mut input = b"garbage without colon\r\n\r\n".to_vec();
        input.extend_from_slice(b"Content-Length: twelve\r\n\r\n");
        input.extend_from_slice(b"X-Other: 1\r\n\r\n");
        input.extend_from_slice(b"{\"a\":1}");
        input.extend_from_slice(&frame(good));
        let got = frames(&input);
        let codes: Vec<i64> = got[..got.len() - 1]
            .iter()
            .map(|i| answer(i)["error"]["code"].as_i64().unwrap())
            .collect();
        // Garbage head; bad length; head without length; junk glued to the next head.
        assert_eq!(codes, vec![-32700, -32700, -32700, -32700]);
        assert_eq!(
            got.last(),
            Some(&Incoming::Message(good.as_bytes().to_vec()))
        );
    }

    #[test]
    fn refuses_oversized_bodies_without_allocating_them() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized"}"#;
        let mut input = b"Content-Length: 1000\r\n\r\n".to_vec();
        input.resize(input.len() + 1000, b' ');
        input.extend_from_slice(&frame(good));
        let got = frames_with_limit(&input, 100);
        assert_eq!(answer(&got[0])["error"]["code"], -32600);
        assert_eq!(got[1], Incoming::Message(good.as_bytes().to_vec()));
    }

    #[test]
    fn a_truncated_body_ends_input_quietly() {
        assert_eq!(frames(b"Content-Length: 50\r\n\r\n{\"jsonrpc\""), vec![]);
    }
}
