//! A small lexer for the text around the cursor. Completion reads the tokens before the cursor
//! rather than the tree, because a half-typed statement has no reliable tree yet.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    String,
    /// A string whose closing quote is missing (being typed).
    OpenString,
    QuotedIdent,
    Number,
    Placeholder,
    Punct,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub range: Range<usize>,
}

impl Token {
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.range.clone()]
    }

    pub fn is(&self, source: &str, punct: &str) -> bool {
        self.kind == TokenKind::Punct && self.text(source) == punct
    }

    pub fn is_word(&self, source: &str, word: &str) -> bool {
        self.kind == TokenKind::Word && self.text(source).eq_ignore_ascii_case(word)
    }
}

/// Tokens of `source[range]`, comments skipped.
pub fn tokenize(source: &str, range: Range<usize>) -> Vec<Token> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut i = range.start;
    let end = range.end.min(source.len());
    while i < end {
        let c = bytes[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = line_end(bytes, i, end);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = line_end(bytes, i, end);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = source[i + 2..end].find("*/").map_or(end, |p| i + 2 + p + 2);
                continue;
            }
            b'\'' => {
                i += 1;
                let mut closed = false;
                while i < end {
                    if bytes[i] == b'\'' {
                        if bytes.get(i + 1) == Some(&b'\'') && i + 1 < end {
                            i += 2;
                            continue;
                        }
                        i += 1;
                        closed = true;
                        break;
                    }
                    i += 1;
                }
                let kind = if closed {
                    TokenKind::String
                } else {
                    TokenKind::OpenString
                };
                tokens.push(Token {
                    kind,
                    range: start..i,
                });
                continue;
            }
            b'"' => {
                i = source[i + 1..end].find('"').map_or(end, |p| i + 1 + p + 1);
                tokens.push(Token {
                    kind: TokenKind::QuotedIdent,
                    range: start..i,
                });
                continue;
            }
            b'<' => {
                let close = source[i + 1..end].find(['>', '\n', '\'', ';']);
                if let Some(p) = close.filter(|&p| bytes[i + 1 + p] == b'>') {
                    i = i + 1 + p + 1;
                    tokens.push(Token {
                        kind: TokenKind::Placeholder,
                        range: start..i,
                    });
                    continue;
                }
            }
            _ => {}
        }
        if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            while i < end
                && (bytes[i].is_ascii_alphanumeric()
                    || bytes[i] == b'_'
                    || bytes[i] == b'$'
                    || bytes[i] >= 0x80)
            {
                i += 1;
            }
            tokens.push(Token {
                kind: TokenKind::Word,
                range: start..i,
            });
        } else if c.is_ascii_digit() {
            while i < end && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
                i += 1;
            }
            tokens.push(Token {
                kind: TokenKind::Number,
                range: start..i,
            });
        } else {
            i += source[i..].chars().next().map_or(1, char::len_utf8);
            tokens.push(Token {
                kind: TokenKind::Punct,
                range: start..i,
            });
        }
    }
    tokens
}

fn line_end(bytes: &[u8], from: usize, end: usize) -> usize {
    bytes[from..end]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(end, |p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_skip_comments_and_keep_open_strings() {
        let text = "A = 'x''y' -- c\n B = ( 'z', <P> ) C = 'ope";
        let kinds: Vec<_> = tokenize(text, 0..text.len())
            .iter()
            .map(|t| t.kind)
            .collect();
        use TokenKind::*;
        assert_eq!(
            kinds,
            [
                Word,
                Punct,
                String,
                Word,
                Punct,
                Punct,
                String,
                Punct,
                Placeholder,
                Punct,
                Word,
                Punct,
                OpenString
            ]
        );
    }
}
