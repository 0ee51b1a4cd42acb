//! A ManageSieve client (RFC 5804): connect, STARTTLS (required: there is no plain-text
//! mode), AUTHENTICATE PLAIN, LISTSCRIPTS, GETSCRIPT, PUTSCRIPT, SETACTIVE, LOGOUT. Replies
//! are read as lines of tokens (atoms, quoted strings, literals `{n}`), the last one `OK`, `NO`
//! or `BYE` with the server's words.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use postern_app::error::AppError;
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use zeroize::Zeroizing;

use crate::net::{connect, connect_error, tls_error};
use crate::tls::TlsClient;
use crate::upstream::Target;

/// The largest literal read (a script, a reason).
const LITERAL_MAX: usize = 1 << 20;
/// The longest reply line (outside literals).
const LINE_MAX: usize = 64 * 1024;

/// One piece of a reply line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    /// A bare word (`OK`, `ACTIVE`) or a response code (`(QUOTA)`), as sent.
    Atom(String),
    /// A quoted string or a literal.
    Text(String),
}

/// How a reply ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Ok,
    No,
    Bye,
}

/// A whole reply: its data lines and how it ended, with the server's words.
#[derive(Debug, PartialEq, Eq)]
pub struct Reply {
    pub data: Vec<Vec<Token>>,
    pub status: Status,
    pub text: String,
}

/// Reads one logical line: up to CRLF, literals included.
pub async fn read_line<R: AsyncBufRead + Unpin>(reader: &mut R) -> std::io::Result<Vec<Token>> {
    let mut tokens = Vec::new();
    loop {
        let mut raw = Vec::new();
        let n = (&mut *reader)
            .take(LINE_MAX as u64)
            .read_until(b'\n', &mut raw)
            .await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if !raw.ends_with(b"\n") {
            return Err(std::io::Error::other("reply line too long, or cut short"));
        }
        let line = String::from_utf8_lossy(&raw);
        let line = line.trim_end_matches(['\r', '\n']);
        let literal = parse_into(line, &mut tokens)?;
        match literal {
            None => return Ok(tokens),
            Some(size) => {
                if size > LITERAL_MAX {
                    return Err(std::io::Error::other("literal too large"));
                }
                let mut bytes = vec![0u8; size];
                reader.read_exact(&mut bytes).await?;
                tokens.push(Token::Text(String::from_utf8_lossy(&bytes).into_owned()));
                // The line goes on after the literal.
            }
        }
    }
}

/// Parses one physical line into tokens; the size of a literal announced at its end.
fn parse_into(line: &str, tokens: &mut Vec<Token>) -> std::io::Result<Option<usize>> {
    let mut chars = line.char_indices().peekable();
    while let Some(&(at, c)) = chars.peek() {
        match c {
            ' ' => {
                chars.next();
            }
            '"' => {
                chars.next();
                let mut text = String::new();
                let mut closed = false;
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some((_, next)) = chars.next() {
                                text.push(next);
                            }
                        }
                        '"' => {
                            closed = true;
                            break;
                        }
                        c => text.push(c),
                    }
                }
                if !closed {
                    return Err(std::io::Error::other("unterminated quoted string"));
                }
                tokens.push(Token::Text(text));
            }
            '(' => {
                let end = line[at..].find(')').map_or(line.len(), |e| at + e + 1);
                tokens.push(Token::Atom(line[at..end].to_string()));
                while chars.peek().is_some_and(|&(i, _)| i < end) {
                    chars.next();
                }
            }
            '{' if line.ends_with('}') => {
                let size = line[at + 1..line.len() - 1].trim_end_matches('+');
                return size
                    .parse::<usize>()
                    .map(Some)
                    .map_err(|_| std::io::Error::other("bad literal"));
            }
            _ => {
                let end = line[at..].find(' ').map_or(line.len(), |e| at + e);
                tokens.push(Token::Atom(line[at..end].to_string()));
                while chars.peek().is_some_and(|&(i, _)| i < end) {
                    chars.next();
                }
            }
        }
    }
    Ok(None)
}

/// Reads a whole reply.
pub async fn read_reply<R: AsyncBufRead + Unpin>(reader: &mut R) -> std::io::Result<Reply> {
    let mut data = Vec::new();
    loop {
        let tokens = read_line(reader).await?;
        let status = match tokens.first() {
            Some(Token::Atom(word)) if word.eq_ignore_ascii_case("OK") => Some(Status::Ok),
            Some(Token::Atom(word)) if word.eq_ignore_ascii_case("NO") => Some(Status::No),
            Some(Token::Atom(word)) if word.eq_ignore_ascii_case("BYE") => Some(Status::Bye),
            _ => None,
        };
        match status {
            Some(status) => {
                let text = tokens[1..]
                    .iter()
                    .map(|t| match t {
                        Token::Atom(a) | Token::Text(a) => a.as_str(),
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                return Ok(Reply { data, status, text });
            }
            None => data.push(tokens),
        }
    }
}

/// A quoted string for a command.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A logged-in ManageSieve session over TLS.
pub struct Session {
    stream: BufReader<TlsStream<TcpStream>>,
    host: String,
}

impl Session {
    /// Connects, secures the link (STARTTLS) and logs in as `address`.
    pub async fn open(
        target: &Target,
        tls: &TlsClient,
        allow_internal: bool,
        timeout: std::time::Duration,
        address: &str,
        password: &Zeroizing<String>,
    ) -> Result<Session, AppError> {
        let host = target.host.clone();
        let tcp = connect(target, allow_internal, timeout)
            .await
            .map_err(|e| connect_error(&host, e))?;
        let mut plain = BufReader::new(tcp);
        let greeting = read_reply(&mut plain).await.map_err(|e| lost(&host, e))?;
        let offers_tls = greeting
            .data
            .iter()
            .any(|line| matches!(line.first(), Some(Token::Text(c)) if c.eq_ignore_ascii_case("STARTTLS")));
        if greeting.status != Status::Ok || !offers_tls {
            tracing::warn!(%host, text = %greeting.text, "ManageSieve offers no STARTTLS");
            return Err(AppError::said("rules-no-tls"));
        }
        send(&mut plain, b"STARTTLS\r\n", &host).await?;
        let reply = read_reply(&mut plain).await.map_err(|e| lost(&host, e))?;
        if reply.status != Status::Ok {
            return Err(AppError::said("rules-no-tls"));
        }
        if !plain.buffer().is_empty() {
            // Bytes before the handshake: not a server to trust with a password.
            return Err(AppError::said("rules-no-tls"));
        }
        let secured = tls
            .connect(&host, plain.into_inner())
            .await
            .map_err(|e| tls_error(&host, e))?;
        let mut session = Session {
            stream: BufReader::new(secured),
            host,
        };
        // The capabilities again, now over TLS (RFC 5804 2.2).
        session.reply().await?;
        let mut plain_auth = Zeroizing::new(Vec::with_capacity(address.len() + password.len() + 2));
        plain_auth.push(0);
        plain_auth.extend_from_slice(address.as_bytes());
        plain_auth.push(0);
        plain_auth.extend_from_slice(password.as_bytes());
        let line = Zeroizing::new(format!(
            "AUTHENTICATE \"PLAIN\" \"{}\"\r\n",
            STANDARD.encode(plain_auth.as_slice())
        ));
        let reply = session.command(line.as_bytes()).await?;
        if reply.status != Status::Ok {
            tracing::info!(%address, text = %reply.text, "ManageSieve login refused");
            return Err(AppError::ServerRefused { reason: reply.text });
        }
        Ok(session)
    }

    async fn reply(&mut self) -> Result<Reply, AppError> {
        read_reply(&mut self.stream)
            .await
            .map_err(|e| lost(&self.host, e))
    }

    async fn command(&mut self, line: &[u8]) -> Result<Reply, AppError> {
        send(&mut self.stream, line, &self.host).await?;
        self.reply().await
    }

    /// A command that must succeed: the server's refusal in its words.
    async fn checked(&mut self, line: &[u8]) -> Result<Reply, AppError> {
        let reply = self.command(line).await?;
        match reply.status {
            Status::Ok => Ok(reply),
            _ => {
                tracing::warn!(host = %self.host, text = %reply.text, "ManageSieve refused");
                Err(AppError::ServerRefused {
                    reason: crate::mime::headers::clean(&reply.text),
                })
            }
        }
    }

    /// The scripts, and which one is active.
    pub async fn list(&mut self) -> Result<Vec<(String, bool)>, AppError> {
        let reply = self.checked(b"LISTSCRIPTS\r\n").await?;
        Ok(reply
            .data
            .iter()
            .filter_map(|line| match line.as_slice() {
                [Token::Text(name)] => Some((name.clone(), false)),
                [Token::Text(name), Token::Atom(a)] => {
                    Some((name.clone(), a.eq_ignore_ascii_case("ACTIVE")))
                }
                _ => None,
            })
            .collect())
    }

    pub async fn get(&mut self, name: &str) -> Result<String, AppError> {
        let reply = self
            .checked(format!("GETSCRIPT {}\r\n", quoted(name)).as_bytes())
            .await?;
        Ok(reply
            .data
            .into_iter()
            .flatten()
            .find_map(|t| match t {
                Token::Text(text) => Some(text),
                Token::Atom(_) => None,
            })
            .unwrap_or_default())
    }

    /// Stores a script (the server checks it first: a refusal names the problem).
    pub async fn put(&mut self, name: &str, script: &str) -> Result<(), AppError> {
        let mut line = format!("PUTSCRIPT {} {{{}+}}\r\n", quoted(name), script.len()).into_bytes();
        line.extend_from_slice(script.as_bytes());
        line.extend_from_slice(b"\r\n");
        self.checked(&line).await.map(|_| ())
    }

    pub async fn activate(&mut self, name: &str) -> Result<(), AppError> {
        self.checked(format!("SETACTIVE {}\r\n", quoted(name)).as_bytes())
            .await
            .map(|_| ())
    }

    /// Says goodbye; the answer does not matter.
    pub async fn logout(mut self) {
        let _ = self.command(b"LOGOUT\r\n").await;
    }
}

async fn send<W: AsyncWrite + Unpin>(
    stream: &mut BufReader<W>,
    bytes: &[u8],
    host: &str,
) -> Result<(), AppError>
where
    BufReader<W>: AsyncWrite,
{
    let result = async {
        stream.write_all(bytes).await?;
        stream.flush().await
    }
    .await;
    result.map_err(|e| lost(host, e))
}

fn lost(host: &str, error: std::io::Error) -> AppError {
    tracing::warn!(%host, %error, "the ManageSieve connection failed");
    AppError::ServerUnreachable {
        host: host.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A transcript as Dovecot's Pigeonhole sends it.
    #[tokio::test]
    async fn replies_are_read_as_the_server_sends_them() {
        let transcript: &[u8] = b"\"IMPLEMENTATION\" \"Dovecot Pigeonhole\"\r\n\"SIEVE\" \"fileinto vacation\"\r\n\"STARTTLS\"\r\n\"VERSION\" \"1.0\"\r\nOK \"Dovecot ready.\"\r\n\
\"postern\" ACTIVE\r\n\"old \\\"one\\\"\"\r\nOK \"Listscripts completed.\"\r\n\
{21}\r\nrequire \"fileinto\";\r\n\r\nOK \"Getscript completed.\"\r\n\
NO (QUOTA/MAXSIZE) {13}\r\nScript \"big\".\r\n\
BYE \"Server shutting down.\"\r\n";
        let mut reader = BufReader::new(transcript);
        let greeting = read_reply(&mut reader).await.unwrap();
        assert_eq!(greeting.status, Status::Ok);
        assert_eq!(greeting.text, "Dovecot ready.");
        assert_eq!(greeting.data[2], [Token::Text("STARTTLS".into())]);
        let list = read_reply(&mut reader).await.unwrap();
        assert_eq!(
            list.data,
            [
                vec![Token::Text("postern".into()), Token::Atom("ACTIVE".into())],
                vec![Token::Text("old \"one\"".into())],
            ]
        );
        let script = read_reply(&mut reader).await.unwrap();
        assert_eq!(
            script.data,
            [vec![Token::Text("require \"fileinto\";\r\n".into())]]
        );
        let refused = read_reply(&mut reader).await.unwrap();
        assert_eq!(refused.status, Status::No);
        assert_eq!(refused.text, "(QUOTA/MAXSIZE) Script \"big\".");
        let bye = read_reply(&mut reader).await.unwrap();
        assert_eq!(bye.status, Status::Bye);
        assert!(
            read_reply(&mut reader).await.is_err(),
            "the end of the stream"
        );
    }

    #[test]
    fn names_are_quoted() {
        assert_eq!(quoted("a \"b\" \\c"), "\"a \\\"b\\\" \\\\c\"");
    }
}
