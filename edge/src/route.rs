//! The desk's address: `/desk/?org=…&case=…&view=control&year=…&lang=en`.
//! Read by the desk to know what to show and by the Worker to know what
//! to preload ([`crate::preload`]), so both read it the same way: the first
//! value of each parameter, an empty one being none.

use brud_shared::Language;

/// What the desk's address asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeskRoute {
    /// The organisation (`?org=`). Without it the register lists every
    /// organisation of the person's, and the control report is the first's.
    pub org: Option<String>,
    /// The case's reference (`?case=`): the case page; else the register.
    pub case: Option<String>,
    /// `?view=control`: the year's control report instead of the register.
    pub control: bool,
    /// The control report's year (`?year=`); this year when absent.
    pub year: Option<i32>,
}

/// The first non-empty value of parameter `name` in `query` (without the
/// `?`), percent-decoded.
pub fn query_value(query: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .filter(|value| !value.is_empty())
}

/// The language the address asks for: English with `lang=en`, else Danish.
pub fn language(query: &str) -> Language {
    match query_value(query, "lang").as_deref() {
        Some("en") => Language::En,
        _ => Language::Da,
    }
}

impl DeskRoute {
    /// The route `query` (the address's search, with or without `?`) names.
    pub fn from_query(query: &str) -> DeskRoute {
        DeskRoute {
            org: query_value(query, "org"),
            case: query_value(query, "case"),
            control: query_value(query, "view").as_deref() == Some("control"),
            year: query_value(query, "year").and_then(|y| y.parse().ok()),
        }
    }

    /// The address of this route in `lang` (a link, or the address bar).
    pub fn href(&self, lang: Language) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(org) = &self.org {
            query.append_pair("org", org);
        }
        if let Some(case) = &self.case {
            query.append_pair("case", case);
        }
        if self.control {
            query.append_pair("view", "control");
        }
        if let Some(year) = self.year {
            query.append_pair("year", &year.to_string());
        }
        if lang == Language::En {
            query.append_pair("lang", "en");
        }
        let query = query.finish();
        if query.is_empty() {
            "/desk/".into()
        } else {
            format!("/desk/?{query}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_reads_back_as_the_route_it_was_made_from() {
        let routes = [
            DeskRoute::default(),
            DeskRoute {
                org: Some("demo".into()),
                case: Some("DEMO-2026-0007".into()),
                ..DeskRoute::default()
            },
            DeskRoute {
                org: Some("demo-nord".into()),
                control: true,
                year: Some(2025),
                ..DeskRoute::default()
            },
        ];
        for route in routes {
            for lang in [Language::Da, Language::En] {
                let href = route.href(lang);
                let query = href.split_once('?').map_or("", |(_, q)| q);
                assert_eq!(DeskRoute::from_query(query), route, "{href}");
                assert_eq!(language(query), lang, "{href}");
            }
        }
        assert_eq!(DeskRoute::default().href(Language::Da), "/desk/");
        assert_eq!(
            DeskRoute {
                org: Some("demo".into()),
                case: Some("DEMO-2026-0007".into()),
                ..DeskRoute::default()
            }
            .href(Language::En),
            "/desk/?org=demo&case=DEMO-2026-0007&lang=en"
        );
    }

    #[test]
    fn the_first_non_empty_value_counts_and_nonsense_is_none() {
        let route = DeskRoute::from_query("?org=&case=A%2D1&case=B&view=list&year=soon");
        assert_eq!(
            route,
            DeskRoute {
                org: None,
                case: Some("A-1".into()),
                control: false,
                year: None,
            }
        );
        assert_eq!(language("lang=english"), Language::Da);
        // Something that merely contains `lang=en` is not the parameter.
        assert_eq!(language("org=slang=en"), Language::Da);
    }
}
