//! The local stand-in for Access's front door: what stands between a
//! browser and the Worker in production, so the desk can be used locally
//! and in the browser tests exactly as it is behind Cloudflare Access.
//!
//! - `GET /cdn-cgi/access/login` shows the people of the configuration to
//!   sign in as (Access would send them to the school's Entra ID);
//!   `…/login?email=` sets the `CF_Authorization` cookie to a token the
//!   [`Issuer`] signs and goes on to `to` (default `/desk/`);
//!   `/cdn-cgi/access/logout` clears it.
//! - Every other request is passed to the Worker on 127.0.0.1 with the
//!   cookie's token in `Cf-Access-Jwt-Assertion`, as Access does; a
//!   `Cf-Access-Jwt-Assertion` the browser sent is dropped, never passed
//!   on. `/desk` without the cookie goes to the sign-in page; `/api/desk/*`
//!   without it reaches the Worker without a token (401).
//!
//! One request per connection (`connection: close` both ways), bodies by
//! `content-length`, the Worker's answer passed back byte for byte: enough
//! for a browser and the Worker on one machine. It stays on `std::net`
//! where the stand-in's own routes moved to `tiny_http`: a version of this
//! proxy on `tiny_http` and `ureq` (chunked or whole answers, connections
//! kept or closed) left Chromium now and then waiting for the desk's
//! first load in the browser tests (seen in 2 of 5 sign-ins on a fresh
//! stack, not explained), which this one has never done.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

use crate::{query_value, Issuer};

/// The cookie Access sets after sign-in.
pub const COOKIE: &str = "CF_Authorization";

/// The front door, listening.
#[derive(Clone)]
pub struct Front {
    issuer: Issuer,
    upstream: u16,
    people: Vec<(String, String)>,
    port: u16,
}

/// A request as read from the browser.
struct Incoming {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Incoming {
    fn read(stream: &TcpStream) -> std::io::Result<Incoming> {
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut request_line = String::new();
        reader.read_line(&mut request_line)?;
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("GET").to_string();
        let target = parts.next().unwrap_or("/").to_string();
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
            }
        }
        let length: usize = headers
            .iter()
            .find(|(name, _)| name == "content-length")
            .and_then(|(_, value)| value.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        Ok(Incoming {
            method,
            target,
            headers,
            body,
        })
    }

    fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(header, _)| header == "cookie")
            .flat_map(|(_, value)| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_string())
            .filter(|value| !value.is_empty())
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The people of `config/orgs.toml` as the sign-in page offers them:
/// each person once (e-mail, description), with every school where they
/// have a role (a shared DPO has several).
pub fn configured_people() -> Vec<(String, String)> {
    let mut people: Vec<(String, String)> = Vec::new();
    for org in brud_config::builtin().map(|d| d.orgs).unwrap_or_default() {
        for member in &org.staff {
            let place = format!("{} ({})", org.name, member.role.as_str());
            match people.iter_mut().find(|(email, _)| *email == member.email) {
                Some((_, places)) => {
                    places.push_str(", ");
                    places.push_str(&place);
                }
                None => people.push((member.email.clone(), place)),
            }
        }
    }
    people
}

impl Front {
    /// Listens on 127.0.0.1:`port` (0 picks a free one) in front of the
    /// Worker on 127.0.0.1:`upstream`. `people` are (e-mail, description)
    /// of those the sign-in page offers.
    pub fn start(
        port: u16,
        upstream: u16,
        issuer: Issuer,
        people: Vec<(String, String)>,
    ) -> std::io::Result<Front> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let front = Front {
            issuer,
            upstream,
            people,
            port: listener.local_addr()?.port(),
        };
        let server = front.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let server = server.clone();
                thread::spawn(move || {
                    let _ = server.handle(stream);
                });
            }
        });
        Ok(front)
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn handle(&self, mut stream: TcpStream) -> std::io::Result<()> {
        let request = Incoming::read(&stream)?;
        let (path, query) = request
            .target
            .split_once('?')
            .unwrap_or((&request.target, ""));
        let to = query_value(query, "to")
            .filter(|to| to.starts_with('/') && !to.starts_with("//"))
            .unwrap_or_else(|| "/desk/".to_string());
        match path {
            "/cdn-cgi/access/login" => {
                match query_value(query, "email").filter(|e| brud_shared::syntax::is_email(e)) {
                    Some(email) => {
                        let token = self.issuer.token(&email);
                        let cookie = format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax");
                        redirect(&mut stream, &to, Some(&cookie))
                    }
                    None => self.sign_in_page(&mut stream, &to),
                }
            }
            "/cdn-cgi/access/logout" => {
                let cookie = format!("{COOKIE}=; Path=/; Max-Age=0");
                redirect(&mut stream, "/cdn-cgi/access/login", Some(&cookie))
            }
            _ => {
                let token = request.cookie(COOKIE);
                let is_desk_page = path == "/desk" || path.starts_with("/desk/");
                if token.is_none() && is_desk_page {
                    let login = format!(
                        "/cdn-cgi/access/login?to={}",
                        request.target.replace('&', "%26")
                    );
                    return redirect(&mut stream, &login, None);
                }
                self.forward(&mut stream, &request, token.as_deref())
            }
        }
    }

    fn sign_in_page(&self, stream: &mut TcpStream, to: &str) -> std::io::Result<()> {
        let mut items = String::new();
        for (email, description) in &self.people {
            items.push_str(&format!(
                "<li><a href=\"/cdn-cgi/access/login?email={}&amp;to={}\">{}</a> – {}</li>",
                escape(&email.replace('@', "%40")),
                escape(&to.replace('&', "%26")),
                escape(email),
                escape(description)
            ));
        }
        let body = format!(
            "<!doctype html><html lang=\"da\"><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>Log ind (lokal)</title>\
             <body style=\"font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem\">\
             <h1>Log ind på sagsbehandlingen</h1>\
             <p>Lokal stand-in for Cloudflare Access: vælg hvem du er.</p><ul>{items}</ul></body></html>"
        );
        write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\n\
             cache-control: no-store\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )?;
        stream.flush()
    }

    /// Passes the request to the Worker with the token as Access's header,
    /// and the answer back with `connection: close`.
    fn forward(
        &self,
        stream: &mut TcpStream,
        request: &Incoming,
        token: Option<&str>,
    ) -> std::io::Result<()> {
        let mut upstream = TcpStream::connect(("127.0.0.1", self.upstream))?;
        let mut head = format!("{} {} HTTP/1.1\r\n", request.method, request.target);
        for (name, value) in &request.headers {
            let dropped = matches!(
                name.as_str(),
                "connection" | "keep-alive" | "cf-access-jwt-assertion" | "content-length"
            );
            if !dropped {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        if let Some(token) = token {
            head.push_str(&format!("cf-access-jwt-assertion: {token}\r\n"));
        }
        head.push_str(&format!(
            "content-length: {}\r\nconnection: close\r\n\r\n",
            request.body.len()
        ));
        upstream.write_all(head.as_bytes())?;
        upstream.write_all(&request.body)?;
        upstream.flush()?;

        let mut reader = BufReader::new(upstream);
        let mut answer_head = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
                break;
            }
            let name = line
                .split(':')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if name != "connection" && name != "keep-alive" {
                answer_head.push_str(&line);
            }
        }
        answer_head.push_str("connection: close\r\n\r\n");
        stream.write_all(answer_head.as_bytes())?;
        std::io::copy(&mut reader, stream)?;
        stream.flush()
    }
}

fn redirect(stream: &mut TcpStream, to: &str, cookie: Option<&str>) -> std::io::Result<()> {
    let set_cookie = cookie.map_or(String::new(), |c| format!("set-cookie: {c}\r\n"));
    write!(
        stream,
        "HTTP/1.1 302 Found\r\nlocation: {to}\r\n{set_cookie}cache-control: no-store\r\n\
         content-length: 0\r\nconnection: close\r\n\r\n"
    )?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-request upstream that answers with what it was sent.
    fn echo_upstream() -> u16 {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let request = Incoming::read(&stream).unwrap();
                let mut seen = format!("{} {}\n", request.method, request.target);
                for (name, value) in &request.headers {
                    seen.push_str(&format!("{name}: {value}\n"));
                }
                seen.push_str(&String::from_utf8_lossy(&request.body));
                let mut stream = stream;
                write!(
                    stream,
                    "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: keep-alive\r\n\r\n{seen}",
                    seen.len()
                )
                .unwrap();
            }
        });
        port
    }

    fn send(front: &Front, request: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", front.port)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    fn front() -> Front {
        let issuer = Issuer::start(0, "brud-test").unwrap();
        let people = vec![("leder@demo.example".to_string(), "demo: leader".to_string())];
        Front::start(0, echo_upstream(), issuer, people).unwrap()
    }

    #[test]
    fn the_desk_without_the_cookie_goes_to_the_sign_in_page() {
        let front = front();
        let answer = send(&front, "GET /desk/?org=demo&case=X HTTP/1.1\r\n\r\n");
        assert!(answer.starts_with("HTTP/1.1 302"), "{answer}");
        assert!(
            answer.contains("location: /cdn-cgi/access/login?to=/desk/?org=demo%26case=X"),
            "{answer}"
        );
        let page = send(
            &front,
            "GET /cdn-cgi/access/login?to=/desk/ HTTP/1.1\r\n\r\n",
        );
        assert!(page.contains("leder@demo.example"), "{page}");
    }

    #[test]
    fn signing_in_sets_the_cookie_and_requests_carry_it_as_the_header() {
        let front = front();
        let answer = send(
            &front,
            "GET /cdn-cgi/access/login?email=leder%40demo.example&to=/desk/ HTTP/1.1\r\n\r\n",
        );
        assert!(answer.contains("location: /desk/"), "{answer}");
        let cookie = answer
            .lines()
            .find_map(|line| line.strip_prefix("set-cookie: CF_Authorization="))
            .and_then(|rest| rest.split(';').next())
            .unwrap()
            .to_string();
        let parsed = brud_shared::access::parse(&cookie).unwrap();
        assert_eq!(parsed.claims.email.as_deref(), Some("leder@demo.example"));

        let echoed = send(
            &front,
            &format!(
                "POST /api/desk/me HTTP/1.1\r\ncookie: a=b; {COOKIE}={cookie}\r\n\
                 cf-access-jwt-assertion: forged\r\ncontent-length: 2\r\n\r\n{{}}"
            ),
        );
        assert!(echoed.starts_with("HTTP/1.1 200"), "{echoed}");
        assert!(echoed.contains("connection: close"), "{echoed}");
        assert!(!echoed.contains("keep-alive"), "{echoed}");
        assert!(
            echoed.contains(&format!("cf-access-jwt-assertion: {cookie}")),
            "{echoed}"
        );
        assert!(
            !echoed.contains("forged"),
            "a header from the browser is dropped"
        );
        assert!(echoed.ends_with("{}"), "the body is passed on: {echoed}");
    }
}
