//! Dates as people read them, said in the page's language (month and weekday names from the
//! catalogues). The server decides the form (today, this year, before); the page words it.

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, translate};

/// A message's date, in UTC (the same for every reader until the browser's zone is known).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateLabel {
    /// The message has no date.
    #[default]
    Unknown,
    /// Today: "14:05".
    Time(String),
    /// This year: "3 Nov".
    Day { day: u32, month: u32 },
    /// Before this year: "3 Nov 2024".
    DayYear { day: u32, month: u32, year: i32 },
    /// The message page: the short form, then the whole date with its weekday (1 = Monday),
    /// time and zone as sent: "3 Nov (Mon, 3 Nov 2026 10:00 +01:00)".
    Full {
        short: Box<DateLabel>,
        weekday: u32,
        day: u32,
        month: u32,
        year: i32,
        time: String,
        zone: String,
    },
}

impl DateLabel {
    /// The date in the words of the page's language.
    pub fn words(&self) -> String {
        self.words_in(crate::i18n::use_lang())
    }

    /// The date in the words of `lang`.
    pub fn words_in(&self, lang: Lang) -> String {
        let t = |key: &str| translate(lang, key, &[]);
        let t_with = |key: &str, args: &[(&str, String)]| translate(lang, key, args);
        let month = |month: &u32| t(&format!("month-{month}"));
        match self {
            DateLabel::Unknown => String::new(),
            DateLabel::Time(time) => time.clone(),
            DateLabel::Day { day, month: m } => {
                t_with("date-day", &[("day", day.to_string()), ("month", month(m))])
            }
            DateLabel::DayYear {
                day,
                month: m,
                year,
            } => t_with(
                "date-day-year",
                &[
                    ("day", day.to_string()),
                    ("month", month(m)),
                    ("year", year.to_string()),
                ],
            ),
            DateLabel::Full {
                short,
                weekday,
                day,
                month: m,
                year,
                time,
                zone,
            } => t_with(
                "date-full",
                &[
                    ("short", short.words_in(lang)),
                    ("weekday", t(&format!("weekday-{weekday}"))),
                    ("day", day.to_string()),
                    ("month", month(m)),
                    ("year", year.to_string()),
                    ("time", time.clone()),
                    ("zone", zone.clone()),
                ],
            ),
        }
    }
}

/// In English outside a page (the log, tests).
impl std::fmt::Display for DateLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words_in(Lang::En))
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_worded_in_the_page_language() {
        let full = DateLabel::Full {
            short: Box::new(DateLabel::DayYear {
                day: 3,
                month: 3,
                year: 2024,
            }),
            weekday: 7,
            day: 3,
            month: 3,
            year: 2024,
            time: "10:00".into(),
            zone: "+01:00".into(),
        };
        assert_eq!(
            full.to_string(),
            "3 Mar 2024 (Sun, 3 Mar 2024 10:00 +01:00)"
        );
        let german = full.words_in(Lang::De);
        assert_eq!(german, "3. März 2024 (So., 3. März 2024, 10:00 +01:00)");
        let spanish = DateLabel::Day { day: 12, month: 8 }.words_in(Lang::Es);
        assert_eq!(spanish, "12 ago");
        assert_eq!(DateLabel::Time("09:15".into()).words_in(Lang::Fr), "09:15");
        assert_eq!(DateLabel::Unknown.to_string(), "");
    }
}
