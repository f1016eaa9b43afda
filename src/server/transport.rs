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
//!   forwards exactly what the framework accepts (`frames.rs`). Valid frames
//!   go to tower-lsp-server through an in-memory pipe. Invalid ones are
//!   answered here, per JSON-RPC 2.0 §5.1: `-32700` Parse error for bytes
//!   that are not JSON (or a header block without a usable `Content-Length`),
//!   `-32600` Invalid Request for JSON that is not a message. Arrays fall in
//!   the second group, as JSON-RPC's own example for `[1]` says; LSP has no
//!   batches. The answer carries the message's id when it has a readable
//!   one, else `null`.
//! - The framework's output is read back frame by frame and written to stdout
//!   by one writer thread, so those answers land between frames, never inside
//!   one. On the way out, every request the server sends the client gets a
//!   deadline for its reply (`replies.rs`).
//!
//! Memory stays bounded whatever the client does. The queue to stdout holds
//! at most [`OUT_QUEUE`] frames: a client that stops reading stalls the
//! framework (which then stops reading its input, and so do we, and the
//! client's own writes block) instead of growing a buffer. Answers to
//! garbage wait a moment for room and are dropped past it, so a client
//! that writes junk and never reads cannot pile them up either. Input is
//! read in bounded header lines and bodies up to [`MAX_BODY`].
//!
//! Both ends are plain threads rather than `tokio::io::stdin`/`stdout`:
//! tokio reads stdin on its blocking pool and cannot cancel that read, so after
//! `exit` dropping the runtime would wait until the client wrote again or
//! closed the pipe.

mod frames;
mod replies;
mod surrogates;

use frames::{Incoming, frame_head, framed, read_frame};
use replies::AwaitedReplies;
use std::io::{self, BufReader, Write};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::sync::{mpsc, oneshot};

/// Bytes buffered between this layer and the framework in each direction.
/// 1 MiB holds any ordinary message whole; larger ones (a 100,000-line
/// `didOpen` is about 4 MB) simply wait for the other side to read.
const PIPE_CAPACITY: usize = 1 << 20;

/// The largest body accepted. A 100,000-line Python file is about 4 MB; a
/// declared length above this is skipped (read and discarded) and refused,
/// instead of allocating whatever a broken client claims.
const MAX_BODY: usize = 256 * 1024 * 1024;

/// Frames waiting for stdout. Replies are rarely over 20 KB (a 200-result
/// search), so this is a few MB at most.
const OUT_QUEUE: usize = 64;

/// How long an answer to garbage waits for room in a full stdout queue
/// before it is dropped.
const REJECT_WAIT: Duration = Duration::from_millis(500);

/// What goes to the framework's input.
pub enum ToServer {
    /// A message body (framed on the way in).
    Body(Vec<u8>),
    /// The client's input has ended.
    End,
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

/// Writes whole messages to stdout beside the framework: the answers of
/// handlers that finish outside it (see `guard.rs`).
#[derive(Clone)]
pub struct Outbox(mpsc::Sender<Option<Vec<u8>>>);

impl Outbox {
    /// Queues one message body; waits while the queue is full.
    pub async fn send(&self, body: &[u8]) {
        let _ = self.0.send(Some(framed(body))).await;
    }
}

/// The two ends the framework talks through, and what the server needs to
/// know about them.
pub struct Stdio {
    /// The framework's input (it reads this as its stdin).
    pub input: DuplexStream,
    /// The framework's output (it writes this as its stdout).
    pub output: DuplexStream,
    pub flushed: Flushed,
    pub input_closed: InputClosed,
    pub outbox: Outbox,
}

/// Starts the stdin reader and stdout writer; must run inside a tokio runtime.
pub fn stdio() -> io::Result<Stdio> {
    let (to_server, input) = tokio::io::duplex(PIPE_CAPACITY);
    let (output, from_server) = tokio::io::duplex(PIPE_CAPACITY);
    let (out_tx, out_rx) = mpsc::channel::<Option<Vec<u8>>>(OUT_QUEUE);
    let (in_tx, in_rx) = mpsc::channel::<ToServer>(16);
    let (flushed_tx, flushed) = oneshot::channel();
    let (closed_tx, closed) = oneshot::channel();
    let runtime = tokio::runtime::Handle::current();
    let replies = AwaitedReplies::new(in_tx.clone());

    tokio::spawn(feed_server(in_rx, to_server));

    let rejects = out_tx.clone();
    let answered = replies.clone();
    std::thread::Builder::new()
        .name("lsp-stdin".into())
        .spawn(move || {
            let mut reader = BufReader::new(io::stdin().lock());
            let mut frames = Vec::new();
            // While the client does not read, answers to garbage are dropped
            // at once instead of each waiting.
            let mut dropping = false;
            'read: while read_frame(&mut reader, &mut frames, MAX_BODY) {
                for frame in frames.drain(..) {
                    match frame {
                        Incoming::Message { body, reply_to } => {
                            if let Some(id) = reply_to {
                                answered.answered(&id);
                            }
                            if in_tx.blocking_send(ToServer::Body(body)).is_err() {
                                // The framework stopped reading (after `exit`).
                                break 'read;
                            }
                        }
                        Incoming::Reject(body) => {
                            let frame = Some(framed(&body));
                            dropping = if dropping {
                                rejects.try_send(frame).is_err()
                            } else {
                                // The timer is made inside `block_on`: it
                                // needs the runtime's context.
                                let sent = runtime.block_on(async {
                                    tokio::time::timeout(REJECT_WAIT, rejects.send(frame)).await
                                });
                                !matches!(sent, Ok(Ok(())))
                            };
                        }
                    }
                }
            }
            // End of input: the framework sees end of stream and stops.
            let _ = in_tx.blocking_send(ToServer::End);
            let _ = closed_tx.send(());
        })?;

    let outbox = Outbox(out_tx.clone());
    tokio::spawn(async move {
        let mut reader = tokio::io::BufReader::new(from_server);
        while let Ok(Some((frame, body_at))) = read_server_frame(&mut reader).await {
            replies.sending(&frame[body_at..]);
            if out_tx.send(Some(frame)).await.is_err() {
                break;
            }
        }
        let _ = out_tx.send(None).await;
    });

    std::thread::Builder::new()
        .name("lsp-stdout".into())
        .spawn(move || {
            let mut out_rx = out_rx;
            let mut stdout = io::stdout().lock();
            let mut broken = false;
            // `None` marks the end of the framework's output.
            while let Some(Some(frame)) = out_rx.blocking_recv() {
                if !broken {
                    broken = stdout
                        .write_all(&frame)
                        .and_then(|()| stdout.flush())
                        .is_err();
                }
            }
            let _ = flushed_tx.send(());
        })?;

    Ok(Stdio {
        input,
        output,
        flushed: Flushed(flushed),
        input_closed: InputClosed(closed),
        outbox,
    })
}

/// Writes what the reader thread (and late-reply errors) send into the
/// framework's input, framed; closes it at the end of the client's input.
async fn feed_server(mut from: mpsc::Receiver<ToServer>, mut to_server: DuplexStream) {
    while let Some(message) = from.recv().await {
        match message {
            ToServer::Body(body) => {
                let head = frame_head(body.len());
                let written = async {
                    to_server.write_all(head.as_bytes()).await?;
                    to_server.write_all(&body).await
                };
                if written.await.is_err() {
                    break;
                }
            }
            ToServer::End => break,
        }
    }
    let _ = to_server.shutdown().await;
}

/// One whole frame (head and body) of the framework's output and where its
/// body starts; `None` at its end. The framework always writes a
/// well-formed `Content-Length` head.
async fn read_server_frame(
    reader: &mut tokio::io::BufReader<DuplexStream>,
) -> io::Result<Option<(Vec<u8>, usize)>> {
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
    Ok(Some((frame, start)))
}
