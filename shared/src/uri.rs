//! Percent-encoding for the addresses Brud writes: the desk's query
//! strings and `mailto:` links.
//!
//! A few lines written here rather than taken from the `url` or
//! `percent-encoding` crates, to keep them out of the browser's downloads;
//! tested against `form_urlencoded`'s decoding (`desk`'s tests and below).
//! Depends on nothing else in the crate.

/// Percent-encodes `value` as the browser's `encodeURIComponent` does, and
/// also `!'()*`: every byte but RFC 3986's unreserved characters. The
/// result is safe in a query value, in a `mailto:` header field (RFC 6068)
/// and in an HTTP header.
pub fn percent_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
    out
}

/// The longest `mailto:` link [`mailto`] writes: 8,000 characters. The
/// mail apps of Android and iOS take far longer links; some desktop
/// clients cut at about 2,000, and the text stays there to copy anyway.
pub const MAILTO_MAX: usize = 8_000;

/// A `mailto:` link (RFC 6068) to `to` with `subject` and `body` filled
/// in, line breaks as CRLF. When the whole body makes the link longer than
/// `max`, whole lines are left off the end and `cut_note` ends the body
/// instead (it should say where the rest is).
///
/// ```
/// use brud_shared::uri::mailto;
/// assert_eq!(
///     mailto("brud@skole.dk", "Brud: ZAH-2026-0001", "Hvad: en mail\nHvorfor: fejl", 8000, "…"),
///     "mailto:brud@skole.dk?subject=Brud%3A%20ZAH-2026-0001&body=Hvad%3A%20en%20mail%0D%0AHvorfor%3A%20fejl"
/// );
/// ```
pub fn mailto(to: &str, subject: &str, body: &str, max: usize, cut_note: &str) -> String {
    let head = format!(
        "mailto:{}?subject={}&body=",
        percent_encode(to).replace("%40", "@"),
        percent_encode(subject)
    );
    let encode = |text: &str| percent_encode(&text.replace("\r\n", "\n").replace('\n', "\r\n"));
    let whole = encode(body);
    if head.len() + whole.len() <= max {
        return head + &whole;
    }
    let lines: Vec<&str> = body.lines().collect();
    for keep in (0..lines.len()).rev() {
        let shortened = format!("{}\n{cut_note}", lines[..keep].join("\n"));
        let encoded = encode(shortened.trim_start_matches('\n'));
        if head.len() + encoded.len() <= max {
            return head + &encoded;
        }
    }
    head + &encode(cut_note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(query: &str) -> Vec<(String, String)> {
        form_urlencoded::parse(query.as_bytes())
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect()
    }

    #[test]
    fn a_mail_link_carries_the_address_subject_and_every_line_of_the_body() {
        let body = "Hvad er der sket? En Aula-besked til en forkert forælder.\nEr det stoppet? Ja – beskeden er trukket tilbage (50 % af modtagerne).";
        let link = mailto(
            "sikkerhedsbrud@aalborg.dk",
            "Sikkerhedsbrud ZAH-2026-0042 & co",
            body,
            MAILTO_MAX,
            "…",
        );
        let (address, query) = link
            .strip_prefix("mailto:")
            .unwrap()
            .split_once('?')
            .unwrap();
        assert_eq!(address, "sikkerhedsbrud@aalborg.dk");
        assert!(link.bytes().all(|b| b.is_ascii_graphic()), "{link}");
        let fields = decoded(query);
        assert_eq!(
            fields[0],
            ("subject".into(), "Sikkerhedsbrud ZAH-2026-0042 & co".into())
        );
        assert_eq!(fields[1], ("body".into(), body.replace('\n', "\r\n")));
    }

    #[test]
    fn a_body_too_long_for_a_link_is_cut_at_a_line_and_says_so() {
        let body: String = (1..=400)
            .map(|n| format!("Linje {n}: æøå og mere tekst\n"))
            .collect();
        let link = mailto(
            "brud@skole.dk",
            "Emne",
            &body,
            2_000,
            "[Resten: kopiér teksten fra kvitteringen.]",
        );
        assert!(link.len() <= 2_000, "{}", link.len());
        let body_text = &decoded(link.split_once('?').unwrap().1)[1].1;
        assert!(body_text.starts_with("Linje 1: æøå"), "{body_text}");
        assert!(
            body_text.ends_with("\r\n[Resten: kopiér teksten fra kvitteringen.]"),
            "{body_text}"
        );
        let last_kept = body_text.lines().rev().nth(1).unwrap();
        assert!(
            last_kept.ends_with("mere tekst"),
            "whole lines only: {last_kept}"
        );
        // Short enough: nothing is cut.
        let short = mailto("brud@skole.dk", "Emne", "Kort.", 2_000, "[cut]");
        assert!(!short.contains("cut"));
    }
}
