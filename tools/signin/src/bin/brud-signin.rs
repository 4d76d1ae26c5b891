//! `brud-signin [PORT] [AUDIENCE]`: the local stand-in for Cloudflare
//! Access (see the library). Prints where it listens and how to get a
//! token, then serves until stopped.

fn main() {
    let mut args = std::env::args().skip(1);
    let port: u16 = args.next().and_then(|p| p.parse().ok()).unwrap_or(8789);
    let audience = args.next().unwrap_or_else(|| "brud-local".to_string());
    let issuer = match brud_signin::Issuer::start(port, &audience) {
        Ok(issuer) => issuer,
        Err(error) => {
            eprintln!("brud-signin: cannot listen on 127.0.0.1:{port}: {error}");
            std::process::exit(1);
        }
    };
    let url = issuer.url();
    eprintln!("sign-in stand-in on {url} (team domain; audience {audience})");
    eprintln!("  a token: curl -s '{url}/token?email=leder@demo.example'");
    loop {
        std::thread::park();
    }
}
