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
//! Served by [`brud_local_http`] (hyper's HTTP/1.1, connections kept as
//! the browser keeps them); a request is passed on to the Worker on a
//! connection of its own, and its answer passed back as it streams.

use brud_local_http::{answer, header, Body, Request, Response, StatusCode};
use hyper::body::Incoming;

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

/// The value of cookie `name` in a request's `cookie` headers.
fn cookie<B>(request: &Request<B>, name: &str) -> Option<String> {
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
        .filter(|value| !value.is_empty())
}

/// Headers that describe one connection, not the message: never passed
/// on either way (hyper frames each side's messages itself).
const HOP_BY_HOP: [&str; 7] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
];

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
        let listener = brud_local_http::bind(port)?;
        let front = Front {
            issuer,
            upstream,
            people,
            port: listener.port(),
        };
        let server = front.clone();
        listener.serve(move |request| server.clone().handle(request))?;
        Ok(front)
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    async fn handle(self, request: Request<Incoming>) -> Response<Body> {
        let path = request.uri().path().to_string();
        let query = request.uri().query().unwrap_or_default().to_string();
        let to = query_value(&query, "to")
            .filter(|to| to.starts_with('/') && !to.starts_with("//"))
            .unwrap_or_else(|| "/desk/".to_string());
        match path.as_str() {
            "/cdn-cgi/access/login" => {
                match query_value(&query, "email").filter(|e| brud_shared::syntax::is_email(e)) {
                    Some(email) => {
                        let token = self.issuer.token(&email);
                        let cookie = format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax");
                        redirect(&to, Some(&cookie))
                    }
                    None => self.sign_in_page(&to),
                }
            }
            "/cdn-cgi/access/logout" => {
                let cookie = format!("{COOKIE}=; Path=/; Max-Age=0");
                redirect("/cdn-cgi/access/login", Some(&cookie))
            }
            _ => {
                let token = cookie(&request, COOKIE);
                let is_desk_page = path == "/desk" || path.starts_with("/desk/");
                if token.is_none() && is_desk_page {
                    let target = request
                        .uri()
                        .path_and_query()
                        .map_or("/desk/", |target| target.as_str());
                    let login = format!("/cdn-cgi/access/login?to={}", target.replace('&', "%26"));
                    return redirect(&login, None);
                }
                self.forward(request, token.as_deref()).await
            }
        }
    }

    fn sign_in_page(&self, to: &str) -> Response<Body> {
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
        answer(
            StatusCode::OK,
            &[
                ("content-type", "text/html; charset=utf-8"),
                ("cache-control", "no-store"),
            ],
            body,
        )
    }

    /// Passes the request to the Worker with the token as Access's header
    /// (a header of that name from the browser dropped), and the answer
    /// back as it streams.
    async fn forward(&self, request: Request<Incoming>, token: Option<&str>) -> Response<Body> {
        let (mut parts, body) = request.into_parts();
        for name in HOP_BY_HOP {
            parts.headers.remove(name);
        }
        parts.headers.remove("cf-access-jwt-assertion");
        if let Some(value) = token.and_then(|token| header::HeaderValue::from_str(token).ok()) {
            parts.headers.insert("cf-access-jwt-assertion", value);
        }
        match brud_local_http::send(self.upstream, Request::from_parts(parts, body)).await {
            Ok(upstream) => {
                let (mut parts, body) = upstream.into_parts();
                for name in HOP_BY_HOP {
                    parts.headers.remove(name);
                }
                Response::from_parts(parts, http_body_util::BodyExt::boxed(body))
            }
            Err(error) => answer(
                StatusCode::BAD_GATEWAY,
                &[("content-type", "text/plain; charset=utf-8")],
                format!("the Worker did not answer: {error}"),
            ),
        }
    }
}

fn redirect(to: &str, cookie: Option<&str>) -> Response<Body> {
    let mut headers = vec![("location", to), ("cache-control", "no-store")];
    if let Some(cookie) = cookie {
        headers.push(("set-cookie", cookie));
    }
    answer(StatusCode::FOUND, &headers, "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpStream;

    /// An upstream that answers with what it was sent.
    fn echo_upstream() -> u16 {
        let listener = brud_local_http::bind(0).unwrap();
        let port = listener.port();
        listener
            .serve(|request: Request<Incoming>| async move {
                let mut seen = format!("{} {}\n", request.method(), request.uri());
                for (name, value) in request.headers() {
                    seen.push_str(&format!("{name}: {}\n", value.to_str().unwrap_or("?")));
                }
                let body = brud_local_http::body_bytes(request.into_body()).await;
                seen.push_str(&String::from_utf8_lossy(&body));
                answer(StatusCode::OK, &[("keep-alive", "timeout=5")], seen)
            })
            .unwrap();
        port
    }

    /// `request` (without its blank line) sent on a connection of its own,
    /// closed after the answer; the answer as received.
    fn send(front: &Front, request: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", front.port)).unwrap();
        let request = request.replacen("\r\n", "\r\nhost: front\r\nconnection: close\r\n", 1);
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
        // Connection headers stay on their own side, both ways.
        assert!(!echoed.contains("keep-alive"), "{echoed}");
        assert!(!echoed.contains("connection: close\n"), "{echoed}");
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
