//! `brud-signin [PORT] [AUDIENCE] [FRONT_PORT WORKER_PORT]`: the local
//! stand-in for Cloudflare Access (see the library). With the last two,
//! also its front door on FRONT_PORT before the Worker on WORKER_PORT, for
//! the desk in a browser, offering the people of `config/orgs.toml`.
//! Prints where it listens and how to get a token, then serves until
//! stopped.

fn main() {
    let mut args = std::env::args().skip(1);
    let port: u16 = args.next().and_then(|p| p.parse().ok()).unwrap_or(8789);
    let audience = args.next().unwrap_or_else(|| "brud-local".to_string());
    let front: Option<(u16, u16)> = match (args.next(), args.next()) {
        (Some(front), Some(worker)) => front.parse().ok().zip(worker.parse().ok()),
        _ => None,
    };
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
    if let Some((front_port, worker_port)) = front {
        let people = brud_signin::front::configured_people();
        match brud_signin::front::Front::start(front_port, worker_port, issuer, people) {
            Ok(front) => eprintln!(
                "  the desk, signed in as Access would: {}/desk/",
                front.url()
            ),
            Err(error) => {
                eprintln!("brud-signin: cannot listen on 127.0.0.1:{front_port}: {error}");
                std::process::exit(1);
            }
        }
    }
    loop {
        std::thread::park();
    }
}
