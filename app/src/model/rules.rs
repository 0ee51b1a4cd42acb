//! A person's vacation reply and filters: what the server runs when mail arrives (Sieve,
//! managed over ManageSieve). Postern writes one script of its own from these rules and reads
//! them back from it; a script it did not write is shown, never overwritten without asking.

use serde::{Deserialize, Serialize};

use super::{FolderLabel, FolderName, Notice};

/// Most filters.
pub const FILTERS_MAX: usize = 50;
/// Longest vacation text, in characters.
pub const VACATION_TEXT_MAX: usize = 4000;

/// The vacation reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Vacation {
    pub enabled: bool,
    pub subject: String,
    pub text: String,
    /// `YYYY-MM-DD`; empty: from now.
    pub first_day: String,
    /// `YYYY-MM-DD`; empty: until turned off.
    pub last_day: String,
    /// Days before the same sender is answered again (1–30).
    pub days: u32,
}

impl Default for Vacation {
    fn default() -> Self {
        Vacation {
            enabled: false,
            subject: String::new(),
            text: String::new(),
            first_day: String::new(),
            last_day: String::new(),
            days: 7,
        }
    }
}

/// What a filter looks at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FilterField {
    #[default]
    From,
    /// To or Cc.
    To,
    Subject,
}

/// How it compares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FilterMatch {
    #[default]
    Contains,
    Is,
}

/// What it does with a message that matches.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FilterAction {
    /// Into this folder (its IMAP name).
    Move(FolderName),
    #[default]
    MarkRead,
    Flag,
    /// A copy to this address (the message is also kept).
    Forward(String),
}

/// One rule: when `field` `matching` `value`, do `action`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    pub enabled: bool,
    pub field: FilterField,
    pub matching: FilterMatch,
    pub value: String,
    pub action: FilterAction,
}

/// Everything Postern's script says, in order: the vacation reply, then the filters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rules {
    pub vacation: Vacation,
    pub filters: Vec<Filter>,
}

impl Rules {
    /// The problems of these rules, per field (`vacation-*`, `filter-<n>`); addresses and
    /// folders are checked by the server.
    pub fn problems(&self) -> Vec<(String, Notice)> {
        let mut problems = Vec::new();
        let v = &self.vacation;
        let date = |d: &str| {
            d.is_empty()
                || (d.len() == 10
                    && d.chars().enumerate().all(|(n, c)| {
                        if n == 4 || n == 7 {
                            c == '-'
                        } else {
                            c.is_ascii_digit()
                        }
                    }))
        };
        if !date(&v.first_day) || !date(&v.last_day) {
            problems.push(("vacation-dates".into(), Notice::said("rules-date-bad")));
        } else if !v.first_day.is_empty() && !v.last_day.is_empty() && v.last_day < v.first_day {
            problems.push(("vacation-dates".into(), Notice::said("rules-dates-order")));
        }
        if !(1..=30).contains(&v.days) {
            problems.push(("vacation-days".into(), Notice::said("rules-days-bad")));
        }
        if v.enabled && v.text.trim().is_empty() {
            problems.push(("vacation-text".into(), Notice::said("rules-text-empty")));
        }
        if v.text.chars().count() > VACATION_TEXT_MAX {
            problems.push(("vacation-text".into(), Notice::said("rules-text-long")));
        }
        if v.subject.chars().any(char::is_control) {
            problems.push((
                "vacation-subject".into(),
                Notice::said("settings-name-control"),
            ));
        }
        if self.filters.len() > FILTERS_MAX {
            problems.push(("filters".into(), Notice::said("rules-filters-many")));
        }
        for (n, filter) in self.filters.iter().enumerate() {
            if filter.value.trim().is_empty() {
                problems.push((format!("filter-{n}"), Notice::said("rules-filter-empty")));
            } else if filter.value.chars().any(char::is_control) {
                problems.push((format!("filter-{n}"), Notice::said("rules-filter-control")));
            }
        }
        problems
    }
}

/// The active script when Postern did not write it: shown as it is, replaced only when the
/// person asks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignScript {
    pub name: String,
    pub text: String,
}

/// Whether the person's server runs filters Postern can manage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RulesStore {
    #[default]
    Managed,
    /// No ManageSieve for this server (the operator turned it off, or the server has none).
    NotOffered,
}

/// What the rules page shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RulesPage {
    pub address: String,
    pub rules: Rules,
    pub store: RulesStore,
    pub foreign: Option<ForeignScript>,
    /// Folders a filter can move into: (IMAP name, label).
    pub folders: Vec<(FolderName, FolderLabel)>,
    pub notice: Option<Notice>,
    pub field_errors: Vec<(String, Notice)>,
}

impl RulesPage {
    pub fn field_error(&self, field: &str) -> Option<&Notice> {
        self.field_errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, n)| n)
    }
}

/// Whether a vacation reply runs on `today` (`YYYY-MM-DD`): on, and today within its days.
pub fn vacation_runs(enabled: bool, first_day: &str, last_day: &str, today: &str) -> bool {
    enabled
        && (first_day.is_empty() || first_day <= today)
        && (last_day.is_empty() || today <= last_day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_name_their_fields() {
        let rules = Rules {
            vacation: Vacation {
                enabled: true,
                first_day: "2026-12-24".into(),
                last_day: "2026-12-01".into(),
                days: 0,
                ..Vacation::default()
            },
            filters: vec![Filter::default()],
        };
        let fields: Vec<String> = rules.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                "vacation-dates",
                "vacation-days",
                "vacation-text",
                "filter-0"
            ]
        );
        assert!(Rules::default().problems().is_empty());
    }

    #[test]
    fn a_vacation_runs_within_its_days() {
        assert!(vacation_runs(true, "", "", "2026-12-04"));
        assert!(vacation_runs(
            true,
            "2026-12-04",
            "2026-12-04",
            "2026-12-04"
        ));
        assert!(!vacation_runs(true, "2026-12-05", "", "2026-12-04"));
        assert!(!vacation_runs(true, "", "2026-12-03", "2026-12-04"));
        assert!(!vacation_runs(false, "", "", "2026-12-04"));
    }
}
