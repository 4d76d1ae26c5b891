//! A raw mail to a school's breach mailbox, read with Stalwart's
//! `mail-parser` (RFC 5322 and MIME: multipart, quoted-printable, base64,
//! encoded words, charsets) into the plain [`InboundMail`] the domain
//! decides on ([`brud_case::inbound::decide`]). No parsing by hand: the
//! text is the message's first text part, or its HTML part as text when
//! it has none, as the parser gives them.

use brud_case::inbound::{InboundAttachment, InboundMail, Unreadable, MAX_MAIL_BYTES};
use chrono::DateTime;
use mail_parser::{MessageParser, MimeHeaders};

/// `raw`, sent by `envelope_from` (Email Routing's envelope sender, used
/// when the message has no readable `From`), as Brud reads it. A message
/// over [`MAX_MAIL_BYTES`], or one the parser cannot read, is marked
/// [`Unreadable`], with what can be said of it (a message is malformed
/// when the parser finds none of `From`, `Subject` and `Date` in it, or
/// when it says it is multipart without saying its boundary).
pub fn read(raw: &[u8], envelope_from: &str) -> InboundMail {
    read_at_most(raw, envelope_from, MAX_MAIL_BYTES)
}

/// [`read`] with another limit than [`MAX_MAIL_BYTES`] (the Worker's
/// `MAIL_MAX_BYTES`).
pub fn read_at_most(raw: &[u8], envelope_from: &str, max: usize) -> InboundMail {
    let mut mail = InboundMail {
        from: envelope_from.trim().to_string(),
        size: raw.len(),
        ..InboundMail::default()
    };
    if raw.len() > max {
        mail.unreadable = Some(Unreadable::TooLarge);
        return mail;
    }
    // The parser reads nearly anything; a message with none of the
    // headers every mail has is not one, and a multipart without its
    // boundary cannot be split into its parts (the parser would give its
    // bytes as text).
    let Some(message) = MessageParser::default().parse(raw).filter(|message| {
        let has_headers =
            message.from().is_some() || message.subject().is_some() || message.date().is_some();
        let splittable = message.content_type().is_none_or(|ct| {
            !ct.ctype().eq_ignore_ascii_case("multipart") || ct.attribute("boundary").is_some()
        });
        has_headers && splittable
    }) else {
        mail.unreadable = Some(Unreadable::Malformed);
        return mail;
    };
    if let Some(from) = message.from().and_then(|from| from.first()) {
        if let Some(address) = from.address().filter(|a| a.contains('@')) {
            mail.from = address.trim().to_string();
        }
        mail.from_name = from
            .name()
            .map(|name| name.trim().to_string())
            .filter(|name| !name.is_empty());
    }
    mail.subject = message.subject().unwrap_or("").trim().to_string();
    mail.date = message
        .date()
        .and_then(|date| DateTime::from_timestamp(date.to_timestamp(), 0));
    mail.text = message
        .body_text(0)
        .map(|text| text.trim().to_string())
        .unwrap_or_default();
    mail.attachments = message
        .attachments()
        .map(|part| InboundAttachment {
            name: part
                .attachment_name()
                .unwrap_or("vedhæftet fil")
                .to_string(),
            content_type: part
                .content_type()
                .map(|ct| match ct.subtype() {
                    Some(sub) => format!("{}/{sub}", ct.ctype()),
                    None => ct.ctype().to_string(),
                })
                .unwrap_or_else(|| "application/octet-stream".to_string()),
            size: part.contents().len(),
            bytes: part.contents().to_vec(),
        })
        .collect();
    mail
}

#[cfg(test)]
mod tests {
    use super::*;

    const MULTIPART: &str = "From: =?utf-8?q?L=C3=A6rer_Hansen?= <laerer@demo.example>\r\n\
To: sikkerhedsbrud@demo.example\r\n\
Subject: =?utf-8?b?RWxldnBsYW4gc2VuZHQgdGlsIGZvcmtlcnQgZm9yw6ZsZHJl?=\r\n\
Date: Mon, 07 Dec 2026 09:15:00 +0100\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\
\r\n\
--b1\r\n\
Content-Type: multipart/alternative; boundary=\"b2\"\r\n\
\r\n\
--b2\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
Jeg sendte elevplanen til den forkerte for=C3=A6lder.\r\n\
--b2\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<p>Jeg sendte elevplanen til den <b>forkerte</b> forælder.</p>\r\n\
--b2--\r\n\
--b1\r\n\
Content-Type: application/pdf; name=\"elevplan.pdf\"\r\n\
Content-Disposition: attachment; filename=\"elevplan.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
JVBERi0xLjQKJcTl8uXr\r\n\
--b1--\r\n";

    #[test]
    fn a_multipart_mail_gives_its_sender_subject_text_date_and_attachment() {
        let mail = read(MULTIPART.as_bytes(), "bounce@demo.example");
        assert_eq!(mail.from, "laerer@demo.example");
        assert_eq!(mail.from_name.as_deref(), Some("Lærer Hansen"));
        assert_eq!(mail.subject, "Elevplan sendt til forkert forældre");
        assert_eq!(
            mail.text,
            "Jeg sendte elevplanen til den forkerte forælder."
        );
        assert_eq!(mail.date.unwrap().to_rfc3339(), "2026-12-07T08:15:00+00:00");
        assert_eq!(mail.attachments.len(), 1);
        assert_eq!(mail.attachments[0].name, "elevplan.pdf");
        assert_eq!(mail.attachments[0].content_type, "application/pdf");
        assert!(mail.attachments[0].size > 0);
        assert_eq!(mail.unreadable, None);
    }

    #[test]
    fn an_html_only_mail_gives_its_text() {
        let raw = "From: leder@demo.example\r\nSubject: Tabt computer\r\n\
Content-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
<html><body><p>Computeren med elevdata er v=E6k.</p><p>Den var <i>ikke</i> krypteret.</p></body></html>\r\n";
        let mail = read(raw.as_bytes(), "x@y.example");
        assert_eq!(mail.from, "leder@demo.example");
        assert!(
            mail.text.contains("Computeren med elevdata er væk."),
            "{:?}",
            mail.text
        );
        assert!(mail.text.contains("ikke krypteret"), "{:?}", mail.text);
        assert!(!mail.text.contains('<'), "{:?}", mail.text);
    }

    #[test]
    fn what_cannot_be_read_says_so_and_keeps_the_envelope_sender() {
        let mail = read(&[0xff, 0xfe, 0x00, 0x01], "afsender@demo.example");
        assert_eq!(mail.unreadable, Some(Unreadable::Malformed));
        assert_eq!(mail.from, "afsender@demo.example");
        let no_boundary = b"From: laerer@demo.example\r\nMessage-ID: <x@y>\r\n\
Content-Type: multipart/mixed\r\n\r\n\xff\xfe\x00\x9c garbage";
        let mail = read(no_boundary, "afsender@demo.example");
        assert_eq!(mail.unreadable, Some(Unreadable::Malformed));
        let big = vec![b'a'; MAX_MAIL_BYTES + 1];
        let mail = read(&big, "afsender@demo.example");
        assert_eq!(mail.unreadable, Some(Unreadable::TooLarge));
        assert_eq!(mail.size, MAX_MAIL_BYTES + 1);
    }
}
