//! Markdown as a terminal shows it, for `secint explain`: headings and bold in bold, code
//! spans in cyan (or bare without colour), links as `text <url>`, escapes removed, and long
//! lines wrapped at word boundaries (list items with a hanging indent).

const BOLD: &str = "\x1b[1m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// Where prose is wrapped: a line a terminal of the usual width shows whole.
const WIDTH: usize = 88;

pub fn terminal_markdown(markdown: &str, color: bool) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut in_code = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if in_code {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if let Some(heading) = line.trim_start().strip_prefix('#') {
            let heading = heading.trim_start_matches('#').trim();
            let inline = inline(heading, color);
            if color {
                out.push_str(&format!("{BOLD}{inline}{RESET}\n"));
            } else {
                out.push_str(&inline);
                out.push('\n');
            }
            continue;
        }
        if line.trim() == "---" {
            out.push_str(&"─".repeat(40));
            out.push('\n');
            continue;
        }
        wrap(&inline(line, color), WIDTH, &mut out);
    }
    out
}

/// Appends `line` broken at spaces into lines of at most `width` visible characters (colour
/// codes take no room); a list item's continuation lines are indented under its text.
fn wrap(line: &str, width: usize, out: &mut String) {
    let lead = line.len() - line.trim_start_matches(' ').len();
    let hanging = lead + if line[lead..].starts_with("- ") { 2 } else { 0 };
    let mut current = line[..lead].to_string();
    let mut current_width = lead;
    let mut first = true;
    for word in line[lead..].split(' ') {
        let word_width = visible_width(word);
        let starts_line = current_width == lead || (!first && current_width == hanging);
        if !starts_line && current_width + 1 + word_width > width {
            out.push_str(&current);
            out.push('\n');
            current = " ".repeat(hanging);
            current_width = hanging;
            first = false;
        } else if !starts_line {
            current.push(' ');
            current_width += 1;
        }
        current.push_str(word);
        current_width += word_width;
    }
    out.push_str(&current);
    out.push('\n');
}

/// Characters a terminal shows: all but the `ESC [ … m` colour codes.
fn visible_width(text: &str) -> usize {
    let mut width = 0;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            width += 1;
        }
    }
    width
}

fn inline(line: &str, color: bool) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '`' => {
                let end = chars[i + 1..].iter().position(|&c| c == '`');
                match end {
                    Some(len) => {
                        let code: String = chars[i + 1..i + 1 + len].iter().collect();
                        if color {
                            out.push_str(&format!("{CYAN}{code}{RESET}"));
                        } else {
                            out.push_str(&code);
                        }
                        i += len + 2;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            '*' if chars.get(i + 1) == Some(&'*') => {
                let rest: String = chars[i + 2..].iter().collect();
                match rest.find("**") {
                    Some(end) => {
                        let inner = inline(&rest[..end], color);
                        if color {
                            out.push_str(&format!("{BOLD}{inner}{RESET}"));
                        } else {
                            out.push_str(&inner);
                        }
                        i += 2 + rest[..end].chars().count() + 2;
                    }
                    None => {
                        out.push_str("**");
                        i += 2;
                    }
                }
            }
            '[' => {
                let rest: String = chars[i..].iter().collect();
                match link(&rest) {
                    Some((text, url, used)) => {
                        out.push_str(&format!("{} <{url}>", inline(&text, color)));
                        i += used;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// `[text](url)` at the start of `s`: the text, the URL and how many chars it spans.
fn link(s: &str) -> Option<(String, String, usize)> {
    let close = s.find("](")?;
    let end = s[close + 2..].find(')')? + close + 2;
    let text = s[1..close].to_string();
    let url = s[close + 2..end].to_string();
    Some((text, url, s[..=end].chars().count()))
}

#[cfg(test)]
mod tests {
    use super::{terminal_markdown, wrap};

    #[test]
    fn plain_text_loses_markup_but_keeps_words() {
        let md = "# placeholder (warning)\n\n**EXTERNAL\\_OAUTH\\_TYPE** is `OKTA` — see [the page](https://docs.snowflake.com/x).";
        assert_eq!(
            terminal_markdown(md, false),
            "placeholder (warning)\n\nEXTERNAL_OAUTH_TYPE is OKTA — see the page <https://docs.snowflake.com/x>.\n"
        );
    }

    #[test]
    fn long_lines_wrap_at_spaces_and_list_items_hang() {
        let mut out = String::new();
        wrap("one two three four five", 9, &mut out);
        assert_eq!(out, "one two\nthree\nfour five\n");
        let mut out = String::new();
        wrap("  - alpha beta gamma", 12, &mut out);
        assert_eq!(out, "  - alpha\n    beta\n    gamma\n");
        // A word longer than the width stays whole on its own line.
        let mut out = String::new();
        wrap("a https://docs.snowflake.com/x b", 10, &mut out);
        assert_eq!(out, "a\nhttps://docs.snowflake.com/x\nb\n");
    }

    #[test]
    fn colour_codes_take_no_room() {
        let mut out = String::new();
        wrap("\x1b[36maaaa\x1b[0m \x1b[36mbbbb\x1b[0m", 9, &mut out);
        assert_eq!(out.lines().count(), 1, "{out:?}");
    }
}
