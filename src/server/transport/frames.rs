//! Frames from the client: `Content-Length` heads read defensively, and
//! each body checked against what tower-lsp-server accepts (see the parent
//! module for why). A body that is refused is answered here.

use super::surrogates;
use serde_json::Value;
use std::io::{self, BufRead, Read};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};

/// The longest header line read at once. Real headers are under 100 bytes;
/// a longer "line" is garbage and is consumed in pieces of this size, so a
/// stream of binary junk without newlines never grows a buffer.
const MAX_HEADER_LINE: u64 = 8 * 1024;

/// What one frame from the client turned into.
#[derive(Debug, PartialEq)]
pub enum Incoming {
    /// A body the framework will accept; `reply_to` is the id of our
    /// request it answers, when it is a response.
    Message { body: Vec<u8>, reply_to: Option<Id> },
    /// The JSON body of an error response to send back.
    Reject(Vec<u8>),
}

pub fn frame_head(len: usize) -> String {
    format!("Content-Length: {len}\r\n\r\n")
}

pub fn framed(body: &[u8]) -> Vec<u8> {
    let mut frame = frame_head(body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

/// Reads one frame, pushing what it yields (at most two items: a complaint
/// about a malformed header, then the body's verdict). `false` at end of input.
pub fn read_frame(reader: &mut impl BufRead, out: &mut Vec<Incoming>, max_body: usize) -> bool {
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
            // Digits only: `usize::from_str` also takes a leading `+`.
            let parsed = if value.bytes().all(|b| b.is_ascii_digit()) {
                value
                    .parse::<usize>()
                    .map_err(|e| format!("invalid Content-Length `{value}`: {e}"))
            } else {
                Err(format!("invalid Content-Length `{value}`: not a number"))
            };
            // Two lengths: whichever one is right, the other one would lose
            // a message, so the frame is refused rather than guessed at.
            content_length = Some(match content_length {
                None => parsed,
                Some(_) => Err("two Content-Length headers in one message".to_string()),
            });
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
    // Grown as bytes arrive, so a client that declares a large body and
    // then sends little costs only what it sent.
    let mut body = Vec::new();
    match reader.by_ref().take(length as u64).read_to_end(&mut body) {
        Ok(n) if n == length => {}
        _ => return false,
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
///
/// Two refusals go beyond the framework's: `exit` sent with an id (the
/// framework would answer it *and* exit; as a request it is refused like any
/// other notification sent as a request, and the server keeps running), and
/// nothing else. A body whose only fault is an unpaired UTF-16 surrogate
/// escape (`"\\ud83d"`, which JavaScript editors send for a lone half of an
/// emoji) is accepted with U+FFFD in its place, so the document still opens.
fn check_body(body: Vec<u8>) -> Incoming {
    // `Request` defaults a missing method to "", so a response parses as a
    // request without one; the framework tries `Response` first.
    let request = serde_json::from_slice::<Request>(&body).ok();
    if let Some(request) = request.as_ref().filter(|r| !r.method().is_empty()) {
        if let (Some(id), "exit") = (request.id(), request.method()) {
            return reject(
                id.clone(),
                ErrorCode::InvalidRequest,
                "Invalid request: `exit` is a notification and was sent with an id; it is refused and the server keeps running".into(),
            );
        }
        return Incoming::Message {
            body,
            reply_to: None,
        };
    }
    if let Ok(response) = serde_json::from_slice::<Response>(&body) {
        let reply_to = Some(response.id().clone());
        return Incoming::Message { body, reply_to };
    }
    if request.is_some() {
        return Incoming::Message {
            body,
            reply_to: None,
        };
    }
    if let Some(repaired) = surrogates::replace_unpaired(&body) {
        return check_body(repaired);
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const MAX_BODY: usize = super::super::MAX_BODY;

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
            Incoming::Message { body, .. } => {
                panic!("forwarded {}", String::from_utf8_lossy(body))
            }
        }
    }

    fn message(body: &str) -> Incoming {
        Incoming::Message {
            body: body.as_bytes().to_vec(),
            reply_to: None,
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
            .zip([None, None, Some(Id::String("a".into()))])
            .map(|(b, reply_to)| Incoming::Message {
                body: b.as_bytes().to_vec(),
                reply_to,
            })
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
        assert_eq!(got.last(), Some(&message(good)));
    }

    #[test]
    fn refuses_oversized_bodies_without_allocating_them() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized"}"#;
        let mut input = b"Content-Length: 1000\r\n\r\n".to_vec();
        input.resize(input.len() + 1000, b' ');
        input.extend_from_slice(&frame(good));
        let got = frames_with_limit(&input, 100);
        assert_eq!(answer(&got[0])["error"]["code"], -32600);
        assert_eq!(got[1], message(good));
    }

    #[test]
    fn a_truncated_body_ends_input_quietly() {
        assert_eq!(frames(b"Content-Length: 50\r\n\r\n{\"jsonrpc\""), vec![]);
    }

    #[test]
    fn exit_sent_as_a_request_is_refused_with_its_id() {
        let got = frames(&frame(r#"{"jsonrpc":"2.0","id":9,"method":"exit"}"#));
        let response = answer(&got[0]);
        assert_eq!(response["error"]["code"], -32600, "{response}");
        assert_eq!(response["id"], 9);
        let notification = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        assert_eq!(frames(&frame(notification)), vec![message(notification)]);
    }

    #[test]
    fn an_unpaired_surrogate_is_replaced_and_the_message_forwarded() {
        let body = r#"{"jsonrpc":"2.0","method":"x","params":{"text":"a\ud83db"}}"#;
        let got = frames(&frame(body));
        let Incoming::Message {
            body: forwarded, ..
        } = &got[0]
        else {
            panic!("refused: {got:?}");
        };
        let value: Value = serde_json::from_slice(forwarded).unwrap();
        assert_eq!(value["params"]["text"], "a\u{fffd}b");
    }

    #[test]
    fn a_signed_or_repeated_length_is_refused() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized"}"#;
        for head in [
            "Content-Length: +5\r\n\r\n".to_string(),
            format!(
                "Content-Length: {0}\r\nContent-Length: {0}\r\n\r\n",
                good.len()
            ),
        ] {
            let mut input = head.into_bytes();
            input.extend_from_slice(&frame(good));
            let got = frames(&input);
            assert_eq!(answer(&got[0])["error"]["code"], -32700, "{got:?}");
            assert_eq!(got.last(), Some(&message(good)), "{got:?}");
        }
    }
}
