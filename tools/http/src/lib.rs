//! The HTTP server under Brud's local stand-ins: the recording
//! notification sink and the sign-in stand-in's front door. hyper's
//! HTTP/1.1 (keep-alive, chunked bodies, pipelining: what a browser and
//! workerd do) on a current-thread tokio runtime in a thread of its own,
//! so the stand-ins and their callers stay blocking code.
//!
//! A handler's future is dropped when its client closes the connection
//! before the answer (hyper ends a connection that reads end-of-stream in
//! the middle of a message unless half-closes are allowed, and they are
//! not): the sink sees a delivery the Worker gave up on that way.

use std::convert::Infallible;
use std::future::Future;

use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

pub use hyper::{header, Method, Request, Response, StatusCode};

/// An answer's body: bytes made here, or a body passed on as it streams.
pub type Body = BoxBody<Bytes, hyper::Error>;

/// A body of `bytes`.
pub fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|never: Infallible| match never {})
        .boxed()
}

/// An answer of `status` with `body` and `headers`.
pub fn answer(
    status: StatusCode,
    headers: &[(&str, &str)],
    body: impl Into<Bytes>,
) -> Response<Body> {
    let mut response = Response::new(full(body));
    *response.status_mut() = status;
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::from_bytes(name.as_bytes()),
            header::HeaderValue::from_str(value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// The whole body of a request (empty when it cannot be read).
pub async fn body_bytes(body: Incoming) -> Bytes {
    body.collect()
        .await
        .map(|collected| collected.to_bytes())
        .unwrap_or_default()
}

/// A socket bound on 127.0.0.1, not served yet: its port is known before
/// the handler is made (a handler may need to know where it listens).
pub struct Listener {
    socket: std::net::TcpListener,
    port: u16,
}

/// Binds 127.0.0.1:`port` (0 picks a free port).
pub fn bind(port: u16) -> std::io::Result<Listener> {
    let socket = std::net::TcpListener::bind(("127.0.0.1", port))?;
    socket.set_nonblocking(true)?;
    let port = socket.local_addr()?.port();
    Ok(Listener { socket, port })
}

impl Listener {
    /// The port it is bound to.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves `handle` from a thread of its own, for as long as the
    /// process runs.
    pub fn serve<H, F>(self, handle: H) -> std::io::Result<()>
    where
        H: Fn(Request<Incoming>) -> F + Clone + Send + 'static,
        F: Future<Output = Response<Body>> + Send + 'static,
    {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let socket = self.socket;
        std::thread::spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(socket) else {
                    return;
                };
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let handle = handle.clone();
                    tokio::spawn(async move {
                        let service = service_fn(move |request| {
                            let answer = handle(request);
                            async move { Ok::<_, Infallible>(answer.await) }
                        });
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            });
        });
        Ok(())
    }
}

/// Sends `request` to 127.0.0.1:`port` on a connection of its own and
/// gives the answer as it streams.
pub async fn send<B>(port: u16, request: Request<B>) -> Result<Response<Incoming>, String>
where
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .map_err(|error| format!("connect to 127.0.0.1:{port}: {error}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|error| error.to_string())?;
    tokio::spawn(connection);
    sender
        .send_request(request)
        .await
        .map_err(|error| error.to_string())
}

/// Waits `duration` (on the server's runtime: a handler must not block
/// its thread).
pub async fn sleep(duration: std::time::Duration) {
    tokio::time::sleep(duration).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    #[test]
    fn answers_and_keeps_the_connection_for_the_next_request() {
        let listener = bind(0).unwrap();
        let port = listener.port();
        listener
            .serve(|request: Request<Incoming>| async move {
                let path = request.uri().path().to_string();
                let body = body_bytes(request.into_body()).await;
                answer(
                    StatusCode::OK,
                    &[("content-type", "text/plain")],
                    format!("{path} {}", String::from_utf8_lossy(&body)),
                )
            })
            .unwrap();
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .write_all(b"POST /a HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\nhiGET /b HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
            .unwrap();
        let mut answers = String::new();
        stream.read_to_string(&mut answers).unwrap();
        assert_eq!(answers.matches("HTTP/1.1 200 OK").count(), 2, "{answers}");
        assert!(answers.contains("/a hi"), "{answers}");
        assert!(answers.contains("/b "), "{answers}");
    }

    #[test]
    fn a_handler_is_dropped_when_its_client_goes_away() {
        struct Gone(mpsc::Sender<Instant>);
        impl Drop for Gone {
            fn drop(&mut self) {
                let _ = self.0.send(Instant::now());
            }
        }
        let (tell, told) = mpsc::channel();
        let listener = bind(0).unwrap();
        let port = listener.port();
        listener
            .serve(move |_request: Request<Incoming>| {
                let gone = Gone(tell.clone());
                async move {
                    sleep(Duration::from_secs(5)).await;
                    drop(gone);
                    answer(StatusCode::OK, &[], "late")
                }
            })
            .unwrap();
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
            .unwrap();
        std::thread::sleep(Duration::from_millis(200));
        let closed = Instant::now();
        drop(stream);
        let dropped = told.recv_timeout(Duration::from_secs(3)).expect("dropped");
        assert!(dropped >= closed && dropped - closed < Duration::from_secs(1));
    }
}
