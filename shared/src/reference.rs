//! Human-readable report references such as `ZAH-2026-0042`.

use std::fmt;

/// A reference: the organisation's short code, the year the report was
/// received (Copenhagen time) and a number that counts from 1 within that
/// organisation and year, without gaps. The Worker hands out the numbers;
/// this type only formats and parses them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The organisation's short code, e.g. `ZAH`.
    pub short_code: String,
    /// The year.
    pub year: i32,
    /// The sequence number, from 1.
    pub number: u32,
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{:04}", self.short_code, self.year, self.number)
    }
}

impl std::str::FromStr for Reference {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut parts = text.split('-');
        let (Some(code), Some(year), Some(number), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(());
        };
        let code_ok = !code.is_empty() && code.bytes().all(|b| b.is_ascii_uppercase());
        let year_ok = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit());
        let number_ok = number.len() >= 4 && number.bytes().all(|b| b.is_ascii_digit());
        if !(code_ok && year_ok && number_ok) {
            return Err(());
        }
        Ok(Reference {
            short_code: code.to_string(),
            year: year.parse().map_err(|_| ())?,
            number: number.parse().map_err(|_| ())?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_four_digits_and_parses_back() {
        let reference = Reference {
            short_code: "ZAH".into(),
            year: 2026,
            number: 42,
        };
        assert_eq!(reference.to_string(), "ZAH-2026-0042");
        assert_eq!("ZAH-2026-0042".parse::<Reference>(), Ok(reference));
        assert_eq!(
            "AKS-2026-12345".parse::<Reference>().map(|r| r.number),
            Ok(12345)
        );
        assert!("zah-2026-0042".parse::<Reference>().is_err());
        assert!("ZAH-26-0042".parse::<Reference>().is_err());
        assert!("ZAH-2026-42".parse::<Reference>().is_err());
    }
}
