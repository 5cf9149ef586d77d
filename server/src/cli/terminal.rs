//! Markdown as a terminal shows it, for `secint explain`: headings and bold in bold, code
//! spans in cyan (or bare without colour), links as `text <url>`, escapes removed.

const BOLD: &str = "\x1b[1m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

pub fn terminal_markdown(markdown: &str, color: bool) -> String {
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.lines() {
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
        out.push_str(&inline(line, color));
        out.push('\n');
    }
    out
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
    use super::terminal_markdown;

    #[test]
    fn plain_text_loses_markup_but_keeps_words() {
        let md = "# placeholder (warning)\n\n**EXTERNAL\\_OAUTH\\_TYPE** is `OKTA` — see [the page](https://docs.snowflake.com/x).";
        assert_eq!(
            terminal_markdown(md, false),
            "placeholder (warning)\n\nEXTERNAL_OAUTH_TYPE is OKTA — see the page <https://docs.snowflake.com/x>.\n"
        );
    }
}
