//! Evidence kept on a case: Datatilsynet's receipt from Virk, a
//! screenshot, the misdirected mail. A file is accepted by what its bytes
//! are ([`classify`], by their magic numbers with the `infer` crate), never
//! by its name: a program named `kvittering.pdf` is refused. What is kept
//! of it on the case is the entry [`crate::entries::AttachmentAdded`]
//! (its id, name, size, type and SHA-256, in the signed log); the bytes
//! live in the Worker's bucket under [`object_key`].

use serde::{Deserialize, Serialize};

use brud_shared::problem::{Problem, ProblemCode};

/// A file as the case keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFile {
    /// Its id on the case (and in the bucket's key).
    pub id: String,
    /// Its name, as given ([`clean_name`]).
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its MIME type, from its bytes ([`classify`]).
    #[serde(rename = "type")]
    pub content_type: String,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
}

/// The largest file kept on a case.
pub const MAX_EVIDENCE_BYTES: usize = 20 * 1024 * 1024;

/// The kinds of file a case keeps, each with the MIME type it is served as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceType {
    /// PDF (Datatilsynet's receipt, a letter).
    Pdf,
    /// PNG (a screenshot).
    Png,
    /// JPEG (a photo).
    Jpeg,
    /// GIF.
    Gif,
    /// WebP.
    Webp,
    /// A mail as a file (`.eml`).
    Eml,
    /// Plain text (UTF-8).
    Text,
    /// Word (`.docx`).
    Docx,
    /// Excel (`.xlsx`).
    Xlsx,
    /// PowerPoint (`.pptx`).
    Pptx,
    /// OpenDocument text (`.odt`).
    Odt,
    /// OpenDocument spreadsheet (`.ods`).
    Ods,
}

impl EvidenceType {
    /// The MIME type it is stored and served as.
    pub fn mime(self) -> &'static str {
        match self {
            EvidenceType::Pdf => "application/pdf",
            EvidenceType::Png => "image/png",
            EvidenceType::Jpeg => "image/jpeg",
            EvidenceType::Gif => "image/gif",
            EvidenceType::Webp => "image/webp",
            EvidenceType::Eml => "message/rfc822",
            EvidenceType::Text => "text/plain; charset=utf-8",
            EvidenceType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            EvidenceType::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            EvidenceType::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            EvidenceType::Odt => "application/vnd.oasis.opendocument.text",
            EvidenceType::Ods => "application/vnd.oasis.opendocument.spreadsheet",
        }
    }
}

/// Whether `bytes` read as a mail: UTF-8 text whose first line is a
/// header a mail starts with.
fn is_mail(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("").to_ascii_lowercase();
    [
        "return-path:",
        "received:",
        "from:",
        "message-id:",
        "mime-version:",
        "delivered-to:",
        "date:",
        "subject:",
    ]
    .iter()
    .any(|header| first.starts_with(header))
}

/// The largest mail kept whole on a case: Email Routing's own limit for
/// a message.
pub const MAX_RAW_MAIL_BYTES: usize = 25 * 1024 * 1024;

/// The name a mail kept whole goes by on its case.
pub const RAW_MAIL_NAME: &str = "mail.eml";

/// A mail to the breach mailbox that Brud could not read (too large, or
/// malformed: [`crate::inbound::Unreadable`]), kept whole on the case it
/// opened, as it came: a mail (`.eml`) whatever its bytes, since the point
/// is to keep exactly what arrived, not to read it. Refused only when
/// empty or over [`MAX_RAW_MAIL_BYTES`].
///
/// ```
/// # use brud_case::evidence::{raw_mail, EvidenceType};
/// assert_eq!(raw_mail(b"From: a@b.dk\r\n\r\n\xff\xfe").unwrap(), EvidenceType::Eml);
/// assert!(raw_mail(b"").is_err());
/// ```
pub fn raw_mail(bytes: &[u8]) -> Result<EvidenceType, Problem> {
    if bytes.is_empty() {
        return Err(Problem::new(
            "file",
            ProblemCode::InvalidValue,
            "Mailen er tom.",
            "The mail is empty.",
        ));
    }
    if bytes.len() > MAX_RAW_MAIL_BYTES {
        return Err(Problem::too_long("file", MAX_RAW_MAIL_BYTES, bytes.len()));
    }
    Ok(EvidenceType::Eml)
}

/// What `bytes` are, when they are a kind a case keeps; otherwise why not
/// (a program, an archive, an unknown kind; empty; over
/// [`MAX_EVIDENCE_BYTES`]), as a problem on `file`.
///
/// ```
/// # use brud_case::evidence::{classify, EvidenceType};
/// assert_eq!(classify(b"%PDF-1.7\n...").unwrap(), EvidenceType::Pdf);
/// assert!(classify(b"MZ\x90\x00\x03\x00\x00\x00").is_err());
/// ```
pub fn classify(bytes: &[u8]) -> Result<EvidenceType, Problem> {
    let refused = |da: &str, en: &str| Problem::new("file", ProblemCode::InvalidValue, da, en);
    if bytes.is_empty() {
        return Err(refused("Filen er tom.", "The file is empty."));
    }
    if bytes.len() > MAX_EVIDENCE_BYTES {
        return Err(Problem::too_long("file", MAX_EVIDENCE_BYTES, bytes.len()));
    }
    if let Some(kind) = infer::get(bytes) {
        return match kind.mime_type() {
            "application/pdf" => Ok(EvidenceType::Pdf),
            "image/png" => Ok(EvidenceType::Png),
            "image/jpeg" => Ok(EvidenceType::Jpeg),
            "image/gif" => Ok(EvidenceType::Gif),
            "image/webp" => Ok(EvidenceType::Webp),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
                Ok(EvidenceType::Docx)
            }
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => {
                Ok(EvidenceType::Xlsx)
            }
            "application/vnd.openxmlformats-officedocument.presentationml.presentation" => {
                Ok(EvidenceType::Pptx)
            }
            "application/vnd.oasis.opendocument.text" => Ok(EvidenceType::Odt),
            "application/vnd.oasis.opendocument.spreadsheet" => Ok(EvidenceType::Ods),
            _ => Err(refused(
                "Filtypen kan ikke gemmes på sagen. Brug PDF, billede (PNG, JPEG, GIF, WebP), tekst, en mail (.eml) eller et Office-dokument.",
                "That kind of file cannot be kept on the case. Use PDF, an image (PNG, JPEG, GIF, WebP), text, a mail (.eml) or an Office document.",
            )),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.contains('\0') => Ok(if is_mail(text) {
            EvidenceType::Eml
        } else {
            EvidenceType::Text
        }),
        _ => Err(refused(
            "Filtypen kan ikke genkendes, så den gemmes ikke. Brug PDF, billede, tekst, en mail (.eml) eller et Office-dokument.",
            "The kind of file is not recognised, so it is not kept. Use PDF, an image, text, a mail (.eml) or an Office document.",
        )),
    }
}

/// A file's name as kept: its last path segment, without control
/// characters or quotes, at most 200 characters; "fil" when nothing is
/// left.
pub fn clean_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    let cleaned = cleaned.trim().to_string();
    if cleaned.is_empty() {
        "fil".to_string()
    } else {
        cleaned
    }
}

/// Where a case's file lives in the bucket: by school, case and file id.
pub fn object_key(org: &str, case_id: &str, file_id: &str) -> String {
    format!("{org}/{case_id}/{file_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_known_by_their_bytes_not_their_names() {
        assert_eq!(classify(b"%PDF-1.4\n%\xc4\xe5").unwrap(), EvidenceType::Pdf);
        assert_eq!(
            classify(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap(),
            EvidenceType::Png
        );
        assert_eq!(
            classify(b"\xff\xd8\xff\xe0\0\x10JFIF").unwrap(),
            EvidenceType::Jpeg
        );
        assert_eq!(
            classify("Vi har mistet en USB-nøgle.".as_bytes()).unwrap(),
            EvidenceType::Text
        );
        assert_eq!(
            classify(b"From: leder@demo.example\r\nSubject: x\r\n\r\nHej").unwrap(),
            EvidenceType::Eml
        );
        // A Windows program and an ELF binary, whatever they are called.
        assert!(classify(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff").is_err());
        assert!(classify(b"\x7fELF\x02\x01\x01\0").is_err());
        // A zip that is not an Office document.
        assert!(classify(b"PK\x03\x04\x14\0\0\0\x08\0").is_err());
        assert!(classify(b"").is_err());
        assert!(classify(&[0u8, 1, 2, 3, 255, 254]).is_err());
    }

    #[test]
    fn names_lose_their_paths_and_control_characters() {
        assert_eq!(clean_name("C:\\Users\\x\\kvittering.pdf"), "kvittering.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\"b\r\n.pdf"), "ab.pdf");
        assert_eq!(clean_name("  "), "fil");
        assert_eq!(object_key("demo", "c1", "f1"), "demo/c1/f1");
    }
}
