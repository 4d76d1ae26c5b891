//! Finds personal data of the people affected in free text.
//!
//! A breach report travels to mailboxes, ticket systems and Datatilsynet; it
//! must describe the breach without repeating the data that leaked. The form
//! warns (it does not refuse) when free text seems to hold:
//!
//! - a CPR number, `DDMMYY-SSSS` or `DDMMYYSSSS`, whose first six digits are a
//!   real date. The century comes from the seventh digit as the CPR office
//!   defines it, so 29 February is checked against the right year. Modulus 11
//!   is *not* checked: numbers issued since 2007 need not satisfy it.
//! - an e-mail address;
//! - a phone number: eight digits, alone or grouped as Danes write them
//!   (`12345678`, `1234 5678`, `12 34 56 78`), optionally after `+45`/`0045`,
//!   or any `+` international number of 8–15 digits.
//!
//! What is found is only ever shown masked, so the warning does not repeat
//! the data either. Scanners are hand-written (no regex engine) to keep the
//! browser download small.

use chrono::NaiveDate;

/// What kind of personal data was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PiiKind {
    /// A CPR number.
    Cpr,
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
}

/// One finding: its kind, where it is (byte range) and a masked rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PiiFinding {
    /// What was found.
    pub kind: PiiKind,
    /// Byte offset of the start in the scanned text.
    pub start: usize,
    /// Byte offset just past the end.
    pub end: usize,
    /// The finding with most characters replaced by `•`, safe to show.
    pub masked: String,
}

/// Every CPR number, e-mail address and phone number in `text`, in order.
/// A ten-digit CPR number is never reported as a phone number as well.
///
/// ```
/// # use brud_shared::pii::{find_personal_data, PiiKind};
/// let found = find_personal_data("Elevens cpr er 010203-1234, mail mor@eksempel.dk");
/// assert_eq!(found[0].kind, PiiKind::Cpr);
/// assert_eq!(found[0].masked, "01••••-••••");
/// assert_eq!(found[1].kind, PiiKind::Email);
/// ```
pub fn find_personal_data(text: &str) -> Vec<PiiFinding> {
    let mut found = find_cpr(text);
    for email in find_emails(text) {
        insert_in_order(&mut found, email);
    }
    for phone in find_phones(text) {
        let overlaps = found
            .iter()
            .any(|other| phone.start < other.end && other.start < phone.end);
        if !overlaps {
            insert_in_order(&mut found, phone);
        }
    }
    found
}

/// `text` with every CPR number, e-mail address and phone number in it
/// ([`find_personal_data`]) replaced by what it is, in `lang`
/// ("[cpr-nr.]", "[e-mail]", "[telefon]"), except those in `keep` (the
/// reporter's own address or phone where the school's profile lets texts
/// carry them; compared without spaces, case-insensitively). For every
/// text that leaves Brud: a report's and a case's free text may hold a
/// child's CPR number or a parent's address despite the form's warning,
/// and a notification, a letter, a mail or an export must not repeat it.
/// The placeholder says what was there, not what it was (a masked
/// `01••••-••••` would still give a birthday).
///
/// ```
/// # use brud_shared::pii::mask;
/// # use brud_shared::Language;
/// assert_eq!(
///     mask("Mail til mor@eksempel.dk om 010203-1234, ring 12 34 56 78.", Language::Da, &[]),
///     "Mail til [e-mail] om [cpr-nr.], ring [telefon]."
/// );
/// assert_eq!(
///     mask("Ring til mig på 12345678", Language::Da, &["1234 5678"]),
///     "Ring til mig på 12345678"
/// );
/// ```
pub fn mask(text: &str, lang: crate::lang::Language, keep: &[&str]) -> String {
    let found = find_personal_data(text);
    if found.is_empty() {
        return text.to_string();
    }
    let plain = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let kept: Vec<String> = keep
        .iter()
        .map(|k| plain(k))
        .filter(|k| !k.is_empty())
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for finding in found {
        let value = &text[finding.start..finding.end];
        if kept.contains(&plain(value)) {
            continue;
        }
        out.push_str(&text[from..finding.start]);
        out.push_str(match finding.kind {
            PiiKind::Cpr => lang.pick("[cpr-nr.]", "[CPR number]"),
            PiiKind::Email => "[e-mail]",
            PiiKind::Phone => lang.pick("[telefon]", "[phone]"),
        });
        from = finding.end;
    }
    out.push_str(&text[from..]);
    out
}

/// Inserts by start offset, after any finding with the same start. (A few
/// findings at most: this keeps std's sort code out of the form's download.)
fn insert_in_order(found: &mut Vec<PiiFinding>, finding: PiiFinding) {
    let at = found.partition_point(|other| other.start <= finding.start);
    found.insert(at, finding);
}

fn is_digit_at(bytes: &[u8], index: usize) -> bool {
    bytes.get(index).is_some_and(u8::is_ascii_digit)
}

fn digit(bytes: &[u8], index: usize) -> u32 {
    u32::from(bytes[index] - b'0')
}

/// Whether the six digits DDMMYY plus the seventh (first serial digit) form
/// a real birth date.
pub fn is_cpr_date(ddmmyy: [u32; 6], seventh: u32) -> bool {
    let day = ddmmyy[0] * 10 + ddmmyy[1];
    let month = ddmmyy[2] * 10 + ddmmyy[3];
    let yy = (ddmmyy[4] * 10 + ddmmyy[5]) as i32;
    // The CPR office's century table.
    let century = match seventh {
        0..=3 => 1900,
        4 | 9 => {
            if yy <= 36 {
                2000
            } else {
                1900
            }
        }
        _ => {
            if yy <= 57 {
                2000
            } else {
                1800
            }
        }
    };
    NaiveDate::from_ymd_opt(century + yy, month, day).is_some()
}

fn find_cpr(text: &str) -> Vec<PiiFinding> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut index = 0;
    while index + 10 <= bytes.len() {
        let starts_clean = index == 0 || !bytes[index - 1].is_ascii_digit();
        if starts_clean && (0..6).all(|k| is_digit_at(bytes, index + k)) {
            let dashed = bytes.get(index + 6) == Some(&b'-');
            let serial_at = if dashed { index + 7 } else { index + 6 };
            let end = serial_at + 4;
            let serial_ok = (0..4).all(|k| is_digit_at(bytes, serial_at + k));
            let ends_clean = !is_digit_at(bytes, end);
            if serial_ok && ends_clean {
                let date = [0, 1, 2, 3, 4, 5].map(|k| digit(bytes, index + k));
                if is_cpr_date(date, digit(bytes, serial_at)) {
                    let day = &text[index..index + 2];
                    found.push(PiiFinding {
                        kind: PiiKind::Cpr,
                        start: index,
                        end,
                        masked: if dashed {
                            format!("{day}••••-••••")
                        } else {
                            format!("{day}••••••••")
                        },
                    });
                    index = end;
                    continue;
                }
            }
        }
        index += 1;
    }
    found
}

fn is_email_local_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&byte)
}

fn is_domain_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'.'
}

fn find_emails(text: &str) -> Vec<PiiFinding> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut search_from = 0;
    while let Some(offset) = bytes[search_from..].iter().position(|&b| b == b'@') {
        let at = search_from + offset;
        search_from = at + 1;
        let mut start = at;
        while start > 0 && is_email_local_byte(bytes[start - 1]) {
            start -= 1;
        }
        // A sentence's full stop before the address is not part of it.
        while start < at && bytes[start] == b'.' {
            start += 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && is_domain_byte(bytes[end]) {
            end += 1;
        }
        // Nor is a full stop after it.
        while end > at + 1 && bytes[end - 1] == b'.' {
            end -= 1;
        }
        if start == at || end == at + 1 {
            continue;
        }
        let domain = &text[at + 1..end];
        let labels: Vec<&str> = domain.split('.').collect();
        let tld_ok = labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()));
        if labels.len() < 2 || !tld_ok || labels.iter().any(|label| label.is_empty()) {
            continue;
        }
        let first = &text[start..start + 1];
        let tld = labels.last().copied().unwrap_or_default();
        found.push(PiiFinding {
            kind: PiiKind::Email,
            start,
            end,
            masked: format!("{first}•••@•••.{tld}"),
        });
        search_from = end.max(search_from);
    }
    found
}

/// A run of digit groups separated by single spaces or hyphens.
struct DigitRun {
    groups: Vec<Vec<u8>>,
    separators: Vec<u8>,
    end: usize,
}

impl DigitRun {
    fn read(bytes: &[u8], index: usize) -> Self {
        let mut run = DigitRun {
            groups: vec![Vec::new()],
            separators: Vec::new(),
            end: index,
        };
        let mut cursor = index;
        while cursor < bytes.len() {
            let byte = bytes[cursor];
            if byte.is_ascii_digit() {
                if let Some(group) = run.groups.last_mut() {
                    group.push(byte);
                }
                cursor += 1;
                run.end = cursor;
            } else if (byte == b' ' || byte == b'-')
                && is_digit_at(bytes, cursor + 1)
                && cursor > index
            {
                run.separators.push(byte);
                run.groups.push(Vec::new());
                cursor += 1;
            } else {
                break;
            }
        }
        run
    }

    fn digits(&self) -> Vec<u8> {
        self.groups.concat()
    }

    /// The eight national digits if the run is written as a Danish number:
    /// `12345678`, `1234 5678`, `12 34 56 78` or `12-34-56-78`, optionally
    /// after `0045`.
    fn danish_national(&self) -> Option<Vec<u8>> {
        let (groups, separators) = match self.groups.first() {
            Some(first) if first.as_slice() == b"0045" && self.groups.len() > 1 => {
                (&self.groups[1..], &self.separators[1..])
            }
            Some(first) if first.len() == 12 && first.starts_with(b"0045") => {
                return Some(first[4..].to_vec());
            }
            _ => (&self.groups[..], &self.separators[..]),
        };
        let lengths: Vec<usize> = groups.iter().map(Vec::len).collect();
        let all_spaces = separators.iter().all(|&s| s == b' ');
        let all_hyphens = separators.iter().all(|&s| s == b'-');
        let shape_ok = match lengths.as_slice() {
            [8] => true,
            [4, 4] => all_spaces,
            [2, 2, 2, 2] => all_spaces || all_hyphens,
            _ => false,
        };
        shape_ok.then(|| groups.concat())
    }
}

fn mask_phone(digits: &[u8]) -> String {
    let keep = 2.min(digits.len());
    let mut masked = "•".repeat(digits.len() - keep);
    masked.push_str(std::str::from_utf8(&digits[digits.len() - keep..]).unwrap_or(""));
    masked
}

fn find_phones(text: &str) -> Vec<PiiFinding> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        let prev_is_word =
            index > 0 && (bytes[index - 1].is_ascii_alphanumeric() || bytes[index - 1] == b'-');
        let international = bytes[index] == b'+' && is_digit_at(bytes, index + 1);
        if !prev_is_word && (international || bytes[index].is_ascii_digit()) {
            let run = DigitRun::read(bytes, if international { index + 1 } else { index });
            let next_is_word = bytes
                .get(run.end)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-');
            let national = if next_is_word {
                None
            } else if international {
                let digits = run.digits();
                match digits.strip_prefix(b"45") {
                    Some(rest) if rest.len() == 8 => Some(rest.to_vec()),
                    _ if (8..=15).contains(&digits.len()) => Some(digits),
                    _ => None,
                }
            } else {
                run.danish_national()
            };
            if let Some(national) = national {
                found.push(PiiFinding {
                    kind: PiiKind::Phone,
                    start: index,
                    end: run.end,
                    masked: mask_phone(&national),
                });
            }
            index = run.end.max(index + 1);
            continue;
        }
        index += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_says_what_was_there_keeps_what_may_stay_and_leaves_the_rest() {
        use crate::lang::Language;
        let text = "Elev 311299-1234 (tlf. 12 34 56 78), ikke 320199-1234. Æblet 0101011234! Mail: Far@Eksempel.dk";
        assert_eq!(
            mask(text, Language::Da, &[]),
            "Elev [cpr-nr.] (tlf. [telefon]), ikke 320199-1234. Æblet [cpr-nr.]! Mail: [e-mail]"
        );
        assert_eq!(
            mask(text, Language::En, &["far@eksempel.dk", "12345678"]),
            "Elev [CPR number] (tlf. 12 34 56 78), ikke 320199-1234. Æblet [CPR number]! Mail: Far@Eksempel.dk"
        );
        assert_eq!(mask("ingen", Language::Da, &[]), "ingen");
        // A case's references and dates are no phone numbers.
        assert_eq!(
            mask("journalnummer 2026-431-7777, 2026-11-23", Language::Da, &[]),
            "journalnummer 2026-431-7777, 2026-11-23"
        );
    }

    fn kinds(text: &str) -> Vec<PiiKind> {
        find_personal_data(text).iter().map(|f| f.kind).collect()
    }

    #[test]
    fn finds_cpr_with_and_without_dash() {
        let found = find_personal_data("cpr 241299-1234 og 0101011234.");
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|f| f.kind == PiiKind::Cpr));
        assert_eq!(found[0].masked, "24••••-••••");
        assert_eq!(found[1].masked, "01••••••••");
    }

    #[test]
    fn cpr_needs_a_real_date() {
        assert!(kinds("321299-1234").is_empty(), "day 32");
        assert!(kinds("011399-1234").is_empty(), "month 13");
        assert!(kinds("000199-1234").is_empty(), "day 0");
    }

    #[test]
    fn cpr_leap_day_uses_the_century_digit() {
        // 29 February 2000 exists: 7th digit 4 and year 00 mean 2000.
        assert_eq!(kinds("290200-4123"), vec![PiiKind::Cpr]);
        // 29 February 1900 does not: 7th digit 0 means 1900.
        assert!(kinds("290200-0123").is_empty());
        // 7th digit 5 with year 58 means 1858, not a leap year either.
        assert!(kinds("290258-5123").is_empty());
        // 7th digit 9 with year 36 means 2036, a leap year.
        assert_eq!(kinds("290236-9123"), vec![PiiKind::Cpr]);
    }

    #[test]
    fn cpr_does_not_need_modulus_11() {
        // 010101-1235 fails the old modulus-11 check but is a valid number.
        assert_eq!(kinds("010101-1235"), vec![PiiKind::Cpr]);
    }

    #[test]
    fn longer_digit_runs_are_not_cpr() {
        assert!(kinds("12010112345").is_empty(), "11 digits");
        assert!(!kinds("konto 9010101234567").contains(&PiiKind::Cpr));
    }

    #[test]
    fn finds_emails_without_trailing_punctuation() {
        let found = find_personal_data("Skrevet til anne.jensen@eksempel.dk.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, PiiKind::Email);
        assert_eq!(found[0].masked, "a•••@•••.dk");
        assert_eq!(
            &"Skrevet til anne.jensen@eksempel.dk."[found[0].start..found[0].end],
            "anne.jensen@eksempel.dk"
        );
    }

    #[test]
    fn at_signs_that_are_not_emails_are_ignored() {
        assert!(kinds("mødes @ kontoret").is_empty());
        assert!(kinds("user@localhost").is_empty());
        assert!(kinds("a@b.c").is_empty(), "one-letter tld");
    }

    #[test]
    fn finds_danish_phone_numbers_as_written() {
        for text in [
            "ring 12345678",
            "ring 1234 5678",
            "ring 12 34 56 78",
            "ring +45 12 34 56 78",
            "ring 0045 12345678",
            "ring 12-34-56-78",
        ] {
            let found = find_personal_data(text);
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].kind, PiiKind::Phone, "{text}");
            assert_eq!(found[0].masked, "••••••78", "{text}");
        }
    }

    #[test]
    fn finds_international_numbers() {
        assert_eq!(kinds("tlf. +46 70 123 45 67"), vec![PiiKind::Phone]);
    }

    #[test]
    fn ordinary_numbers_are_not_phones() {
        assert!(kinds("kl. 9.30 den 20.11.2026").is_empty());
        assert!(kinds("3 elever i 7.b, lokale 204").is_empty());
        assert!(kinds("sag 2026-1234").is_empty());
        assert!(kinds("1234567").is_empty(), "seven digits");
        assert!(kinds("ID abc12345678").is_empty(), "part of a word");
    }

    #[test]
    fn a_cpr_number_is_not_also_a_phone_number() {
        assert_eq!(kinds("0101011234"), vec![PiiKind::Cpr]);
    }

    #[test]
    fn findings_come_in_text_order_and_never_panic_on_odd_text() {
        let text = "tlf 12345678, mail x@y.dk, cpr 010101-1234 ✓ æøå @@ +";
        let found = find_personal_data(text);
        let order: Vec<PiiKind> = found.iter().map(|f| f.kind).collect();
        assert_eq!(order, vec![PiiKind::Phone, PiiKind::Email, PiiKind::Cpr]);
        for finding in &found {
            assert!(text.is_char_boundary(finding.start) && text.is_char_boundary(finding.end));
        }
        assert!(find_personal_data("").is_empty());
        assert!(find_personal_data("@").is_empty());
        assert!(find_personal_data("æ@ø.å").is_empty());
    }
}
