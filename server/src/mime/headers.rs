//! The headers a message page shows, decoded (RFC 2047) and cleaned of control characters.

use chrono::{DateTime, Datelike, FixedOffset, TimeZone, Utc};
use mail_parser::{Address, MessageParser};
use postern_app::model::DateLabel;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct MessageHeaders {
    pub subject: String,
    pub from: String,
    /// The first sender's address alone, lower case.
    pub sender_address: String,
    pub to: String,
    pub cc: String,
    pub reply_to: String,
    pub date_label: DateLabel,
    pub date_iso: String,
}

impl MessageHeaders {
    pub fn parse(header: &[u8]) -> Self {
        let Some(message) = MessageParser::default().parse_headers(header) else {
            return MessageHeaders::default();
        };
        let date = message.date().and_then(to_chrono);
        MessageHeaders {
            subject: clean(message.subject().unwrap_or("")),
            from: addresses(message.from()),
            sender_address: message
                .from()
                .and_then(|list| list.first())
                .and_then(|a| a.address())
                .map(|a| clean(a).to_lowercase())
                .unwrap_or_default(),
            to: addresses(message.to()),
            cc: addresses(message.cc()),
            reply_to: addresses(message.reply_to()),
            date_label: date
                .map(|d| DateLabel::Full {
                    short: Box::new(date_label(d, Utc::now())),
                    weekday: d.weekday().number_from_monday(),
                    day: d.day(),
                    month: d.month(),
                    year: d.year(),
                    time: d.format("%H:%M").to_string(),
                    zone: d.format("%:z").to_string(),
                })
                .unwrap_or_default(),
            date_iso: date.map(|d| d.to_rfc3339()).unwrap_or_default(),
        }
    }
}

/// "Name <address>, address" — as text; the page escapes it.
fn addresses(list: Option<&Address<'_>>) -> String {
    let Some(list) = list else {
        return String::new();
    };
    list.iter()
        .map(|a| {
            let name = a.name().map(clean).unwrap_or_default();
            let address = a.address().map(clean).unwrap_or_default();
            match (name.is_empty(), address.is_empty()) {
                (false, false) => format!("{name} <{address}>"),
                (true, false) => address,
                (false, true) => name,
                (true, true) => String::new(),
            }
        })
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Control characters (including smuggled CR/LF and bidi overrides) never reach the page.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control()
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
            {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn to_chrono(date: &mail_parser::DateTime) -> Option<DateTime<FixedOffset>> {
    let offset = (date.tz_hour as i32 * 3600 + date.tz_minute as i32 * 60)
        * if date.tz_before_gmt { -1 } else { 1 };
    let zone = FixedOffset::east_opt(offset)?;
    zone.with_ymd_and_hms(
        date.year as i32,
        date.month as u32,
        date.day as u32,
        date.hour as u32,
        date.minute as u32,
        date.second as u32,
    )
    .single()
}

/// "14:05" for today, "3 Nov" for this year, "3 Nov 2024" before (in UTC, the same for every
/// reader until the browser's zone is known).
pub fn date_label(date: DateTime<FixedOffset>, now: DateTime<Utc>) -> DateLabel {
    let date = date.with_timezone(&Utc);
    if date.date_naive() == now.date_naive() {
        DateLabel::Time(date.format("%H:%M").to_string())
    } else if date.year() == now.year() {
        DateLabel::Day {
            day: date.day(),
            month: date.month(),
        }
    } else {
        DateLabel::DayYear {
            day: date.day(),
            month: date.month(),
            year: date.year(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoded_and_listed() {
        let h = MessageHeaders::parse(
            b"From: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.org>\r\nTo: a@example.org, \"B, Bee\" <b@example.org>\r\nSubject: =?UTF-8?Q?<img_src=3Dx_onerror=3Dalert(1)>?=\r\nDate: Mon, 2 Mar 2026 10:00:00 +0100\r\n\r\n",
        );
        assert_eq!(h.from, "Zoë <zoe@example.org>");
        assert_eq!(h.to, "a@example.org, B, Bee <b@example.org>");
        assert_eq!(
            h.subject, "<img src=x onerror=alert(1)>",
            "kept as text; escaped when shown"
        );
        let date = h.date_label.to_string();
        assert!(date.starts_with("2 Mar"), "{date}");
        assert!(date.ends_with("(Mon, 2 Mar 2026 10:00 +01:00)"), "{date}");
    }
}
