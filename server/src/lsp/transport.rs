//! Framing in front of the LSP framework. tower-lsp-server stops reading for good after one
//! undecodable message (its framed reader ends on the first decode error), so secint reads
//! stdin itself: well-formed messages go on to the framework, malformed ones are answered with
//! a JSON-RPC parse error (-32700) and dropped, and the server keeps serving.

use serde_json::json;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

/// Messages larger than this are refused (and skipped) rather than buffered.
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

/// Splits a byte stream into LSP messages.
#[derive(Default)]
pub struct Framer {
    /// Check that bodies are JSON (input from the client; the framework's output is trusted).
    validate: bool,
    buffer: Vec<u8>,
    /// The body length once the header of the current message was read.
    body_length: Option<usize>,
    /// Bytes of an oversized body still to skip.
    skipping: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A body that parses as JSON.
    Message(Vec<u8>),
    /// Something that is not a well-formed message; answered with a parse error.
    Malformed(String),
}

impl Framer {
    pub fn validating() -> Framer {
        Framer {
            validate: true,
            ..Framer::default()
        }
    }

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
                if !self.validate {
                    return Some(Frame::Message(body));
                }
                return Some(
                    match serde_json::from_slice::<serde::de::IgnoredAny>(&body) {
                        Ok(_) => Frame::Message(body),
                        Err(e) => Frame::Malformed(format!("invalid JSON: {e}")),
                    },
                );
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

/// Reads `input`, passes well-formed messages to `to_server` and reports malformed ones to
/// `out` as parse errors.
pub async fn pump_input(
    mut input: impl AsyncRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    out: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut framer = Framer::validating();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match input.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        framer.push(&chunk[..n]);
        while let Some(f) = framer.next_frame() {
            match f {
                Frame::Message(body) => {
                    let header = format!("Content-Length: {}\r\n\r\n", body.len());
                    if to_server.write_all(header.as_bytes()).await.is_err()
                        || to_server.write_all(&body).await.is_err()
                    {
                        return;
                    }
                }
                Frame::Malformed(reason) => {
                    let error = json!({
                        "jsonrpc": "2.0",
                        "id": null,
                        "error": { "code": -32700, "message": format!("Parse error: {reason}") },
                    });
                    let _ = out.send(frame(error.to_string().as_bytes()));
                }
            }
        }
    }
    // Closing the server's input ends it like a closed stdin would.
    let _ = to_server.shutdown().await;
}

/// Collects whole frames the framework writes, so that they never interleave with parse
/// errors written by [`pump_input`].
pub async fn pump_output(
    mut from_server: impl AsyncRead + Unpin,
    out: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut framer = Framer::default();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match from_server.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        framer.push(&chunk[..n]);
        while let Some(f) = framer.next_frame() {
            if let Frame::Message(body) = f {
                if out.send(frame(&body)).is_err() {
                    return;
                }
            }
        }
    }
}

/// Writes frames to `output` one whole frame at a time.
pub async fn write_frames(
    mut output: impl AsyncWrite + Unpin,
    mut frames: mpsc::UnboundedReceiver<Vec<u8>>,
) {
    while let Some(bytes) = frames.recv().await {
        if output.write_all(&bytes).await.is_err() || output.flush().await.is_err() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_split_and_bad_ones_reported() {
        let mut framer = Framer::validating();
        framer.push(b"Content-Length: 2\r\n\r\n{}Content-Length: 3\r\n\r\n{x}");
        framer.push(b"Content-Length: x\r\n\r\ngarbageContent-Length: 2\r\n\r\n[]");
        assert_eq!(framer.next_frame(), Some(Frame::Message(b"{}".to_vec())));
        assert!(matches!(framer.next_frame(), Some(Frame::Malformed(_))));
        assert!(matches!(framer.next_frame(), Some(Frame::Malformed(_))));
        assert_eq!(framer.next_frame(), Some(Frame::Message(b"[]".to_vec())));
        assert_eq!(framer.next_frame(), None);
    }

    #[test]
    fn a_message_split_across_reads_is_joined() {
        let mut framer = Framer::validating();
        framer.push(b"Content-Len");
        assert_eq!(framer.next_frame(), None);
        framer.push(b"gth: 4\r\n\r\n{\"a");
        assert_eq!(framer.next_frame(), None);
        framer.push(b"\"");
        assert!(matches!(framer.next_frame(), Some(Frame::Malformed(_))));
    }
}
