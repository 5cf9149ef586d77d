//! Framing and the message loop around the LSP framework's service. secint reads stdin and
//! writes stdout itself rather than through the framework's own loop, for two reasons:
//! - that loop stops reading for good after one undecodable message, while here a malformed
//!   message is answered with a JSON-RPC error (-32700 or -32600) and the server keeps serving;
//! - its framed reader keeps a buffer as large as the largest message it ever read (a 20 MB
//!   document stays 33 MB of buffer), while here each message is decoded from its own bytes.
//!
//! Everything written goes through one channel of whole frames, so replies, requests to the
//! client and the published diagnostics never interleave.

use futures::{SinkExt, StreamExt};
use serde_json::json;
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ClientSocket;
use tower_service::Service;

/// Messages larger than this are refused (and skipped) rather than buffered.
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

/// Splits a byte stream into LSP messages.
#[derive(Default)]
pub struct Framer {
    buffer: Vec<u8>,
    /// The body length once the header of the current message was read.
    body_length: Option<usize>,
    /// Bytes of an oversized body still to skip.
    skipping: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A body, as its header announced it.
    Message(Vec<u8>),
    /// Something that is not a well-formed frame; answered with a parse error.
    Malformed(String),
}

impl Framer {
    pub fn push(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    /// The next complete frame in the buffer, if any.
    pub fn next_frame(&mut self) -> Option<Frame> {
        loop {
            if self.skipping > 0 {
                let n = self.skipping.min(self.buffer.len());
                self.buffer.drain(..n);
                self.skipping -= n;
                if self.skipping > 0 {
                    return None;
                }
            }
            if let Some(length) = self.body_length {
                if self.buffer.len() < length {
                    return None;
                }
                // A large message leaves no buffer of its size behind.
                let body: Vec<u8> = if self.buffer.len() == length {
                    std::mem::take(&mut self.buffer)
                } else {
                    let body = self.buffer.drain(..length).collect();
                    if self.buffer.capacity() > 1 << 20 {
                        self.buffer.shrink_to(64 * 1024);
                    }
                    body
                };
                self.body_length = None;
                return Some(Frame::Message(body));
            }
            let end = find(&self.buffer, b"\r\n\r\n")?;
            let header = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
            self.buffer.drain(..end + 4);
            let length = header.lines().find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.trim()
                    .eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            });
            match length {
                Some(length) if length > MAX_MESSAGE_BYTES => {
                    self.skipping = length;
                    return Some(Frame::Malformed(format!(
                        "message of {length} bytes is over the limit"
                    )));
                }
                Some(length) => self.body_length = Some(length),
                None => {
                    // Resynchronise at the next header that looks right.
                    let next = find(&self.buffer, b"Content-Length").unwrap_or(self.buffer.len());
                    self.buffer.drain(..next);
                    return Some(Frame::Malformed(
                        "missing or invalid Content-Length header".to_string(),
                    ));
                }
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// What a message body is.
#[derive(Debug)]
pub enum Incoming {
    Request(Request),
    /// The client's answer to a request of the server.
    Response(Response),
    /// Not JSON (-32700) or not a JSON-RPC message (-32600): the error to answer with.
    Invalid {
        code: i64,
        message: String,
    },
}

/// Decodes a message body, reading it once for its shape and once into its type (a body of
/// unknown shape would otherwise be buffered whole before it is decoded).
pub fn decode(body: &[u8]) -> Incoming {
    #[derive(serde::Deserialize)]
    struct Shape {
        method: Option<serde::de::IgnoredAny>,
    }
    let invalid = |e: serde_json::Error| Incoming::Invalid {
        code: -32600,
        message: format!("Invalid request: {e}"),
    };
    match serde_json::from_slice::<Shape>(body) {
        Err(e) => match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
            Ok(_) => invalid(e),
            Err(e) => Incoming::Invalid {
                code: -32700,
                message: format!("Parse error: invalid JSON: {e}"),
            },
        },
        Ok(Shape { method: Some(_) }) => {
            serde_json::from_slice(body).map_or_else(invalid, Incoming::Request)
        }
        // As the framework reads a message: a response first, else a request.
        Ok(Shape { method: None }) => match serde_json::from_slice(body) {
            Ok(response) => Incoming::Response(response),
            Err(_) => serde_json::from_slice(body).map_or_else(invalid, Incoming::Request),
        },
    }
}

/// How many requests the service works on at once, as in the framework's own loop.
const MAX_CONCURRENCY: usize = 4;
/// Requests read ahead of the ones being worked on.
const QUEUE: usize = 100;

/// Serves `service` over `input` until `exit` or the end of the input: requests go to the
/// service, the client's responses to the socket, and everything to write to `out`.
pub async fn serve<S>(
    mut input: impl AsyncRead + Unpin,
    mut service: S,
    socket: ClientSocket,
    out: mpsc::UnboundedSender<Vec<u8>>,
) where
    S: Service<Request, Response = Option<Response>>,
    S::Error: std::fmt::Display,
{
    let (to_client, mut client_responses) = socket.split();
    let (to_client, stop_to_client) = futures::stream::abortable(to_client);
    let (mut tasks, queued) = futures::channel::mpsc::channel(QUEUE);
    let write_to_client = to_client.for_each(|request| {
        send(&out, &request);
        std::future::ready(())
    });
    let answer = queued
        .buffer_unordered(MAX_CONCURRENCY)
        .for_each(|response: Option<Response>| {
            if let Some(response) = response {
                send(&out, &response);
            }
            std::future::ready(())
        });
    let read = async {
        let mut framer = Framer::default();
        let mut chunk = vec![0u8; 64 * 1024];
        'read: loop {
            let n = match input.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            framer.push(&chunk[..n]);
            while let Some(next) = framer.next_frame() {
                let incoming = match next {
                    Frame::Message(body) => decode(&body),
                    Frame::Malformed(reason) => Incoming::Invalid {
                        code: -32700,
                        message: format!("Parse error: {reason}"),
                    },
                };
                match incoming {
                    Incoming::Request(request) => {
                        if futures::future::poll_fn(|cx| service.poll_ready(cx))
                            .await
                            .is_err()
                        {
                            break 'read;
                        }
                        // The protocol says to exit at once; a client may keep stdin open.
                        let exit = request.method() == "exit";
                        let reply = service.call(request);
                        let reply = async move { reply.await.unwrap_or(None) };
                        if tasks.send(reply).await.is_err() || exit {
                            break 'read;
                        }
                    }
                    Incoming::Response(response) => {
                        if client_responses.send(response).await.is_err() {
                            break 'read;
                        }
                    }
                    Incoming::Invalid { code, message } => {
                        let error = json!({
                            "jsonrpc": "2.0",
                            "id": null,
                            "error": { "code": code, "message": message },
                        });
                        let _ = out.send(frame(error.to_string().as_bytes()));
                    }
                }
            }
        }
        tasks.disconnect();
        stop_to_client.abort();
    };
    futures::join!(write_to_client, answer, read);
}

fn send(out: &mpsc::UnboundedSender<Vec<u8>>, message: &impl serde::Serialize) {
    if let Ok(body) = serde_json::to_vec(message) {
        let _ = out.send(frame(&body));
    }
}

/// Standard output without a buffer, so that a frame is one write: a copy of its descriptor
/// where there is one, stdout itself otherwise.
pub fn unbuffered_stdout() -> Box<dyn std::io::Write + Send> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout())
}

/// Writes frames to `output` one whole frame at a time, on the calling thread (its own: the
/// frames go out with one write each, not copied into the runtime's buffer first).
pub fn write_frames(mut output: impl std::io::Write, mut frames: mpsc::UnboundedReceiver<Vec<u8>>) {
    while let Some(bytes) = frames.blocking_recv() {
        if output.write_all(&bytes).is_err() || output.flush().is_err() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_split_and_bad_ones_reported() {
        let mut framer = Framer::default();
        framer.push(b"Content-Length: 2\r\n\r\n{}Content-Length: 3\r\n\r\n{x}");
        framer.push(b"Content-Length: x\r\n\r\ngarbageContent-Length: 2\r\n\r\n[]");
        assert_eq!(framer.next_frame(), Some(Frame::Message(b"{}".to_vec())));
        assert_eq!(framer.next_frame(), Some(Frame::Message(b"{x}".to_vec())));
        assert!(matches!(framer.next_frame(), Some(Frame::Malformed(_))));
        assert_eq!(framer.next_frame(), Some(Frame::Message(b"[]".to_vec())));
        assert_eq!(framer.next_frame(), None);
    }

    #[test]
    fn a_message_split_across_reads_is_joined() {
        let mut framer = Framer::default();
        framer.push(b"Content-Len");
        assert_eq!(framer.next_frame(), None);
        framer.push(b"gth: 4\r\n\r\n{\"a");
        assert_eq!(framer.next_frame(), None);
        framer.push(b"\"");
        assert_eq!(
            framer.next_frame(),
            Some(Frame::Message(b"{\"a\"".to_vec()))
        );
    }

    #[test]
    fn bodies_are_told_apart_and_bad_ones_get_their_error_code() {
        let code = |body: &str| match decode(body.as_bytes()) {
            Incoming::Invalid { code, .. } => code,
            Incoming::Request(_) => 0,
            Incoming::Response(_) => 1,
        };
        assert_eq!(code(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#), 0);
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            0
        );
        assert_eq!(code(r#"{"jsonrpc":"2.0","id":3,"result":null}"#), 1);
        assert_eq!(code("{x}"), -32700);
        assert_eq!(code("{\"a\""), -32700);
        assert_eq!(code("[1, 2]"), -32600);
        assert_eq!(code(r#"{"jsonrpc":"1.0","method":"x"}"#), -32600);
    }
}
