//! What the next page tells the person once ("Moved to Trash."): kept as a catalogue key and
//! its arguments, so that it is said in the language of the page that shows it.

use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::SpecialUse;

/// One argument of a notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Arg {
    /// Words as they are: a folder's own name, a count, the server's answer.
    Text(String),
    /// A folder the server marks as special: named in the page's language.
    Special(SpecialUse),
    /// What went wrong.
    Failed(AppError),
    /// A count, with the digit groups of the page's language.
    Count(u64),
    /// Another notice, said inside this one.
    Said(Box<Notice>),
    /// A decimal number written with a point ("3.2"), shown with the language's sign.
    Decimal(String),
    /// Pieces of text quoted as the page's language quotes, one after another ("“a”, “b”").
    Quoted(Vec<String>),
}

/// A one-time notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    /// Words from the catalogues.
    Said {
        key: String,
        args: Vec<(String, Arg)>,
    },
    /// What went wrong.
    Failed(AppError),
}

/// The catalogue key of a sent message's notice; [`SENT_BUT_SENT_COPY`] when the copy in
/// Sent could not be saved.
pub const SENT: &str = "notice-sent";
pub const SENT_BUT_SENT_COPY: &str = "notice-sent-no-copy";

impl Notice {
    /// The words of `key`, which has no arguments.
    pub fn said(key: &str) -> Self {
        Notice::Said {
            key: key.to_string(),
            args: Vec::new(),
        }
    }

    /// The words of `key` with `args`.
    pub fn with(key: &str, args: Vec<(&str, Arg)>) -> Self {
        Notice::Said {
            key: key.to_string(),
            args: args
                .into_iter()
                .map(|(name, value)| (name.to_string(), value))
                .collect(),
        }
    }

    /// The words of `key` for `count` messages: `$n` chooses the plural, `$count` is shown.
    pub fn counted(key: &str, count: u64, mut args: Vec<(&str, Arg)>) -> Self {
        args.push(("n", Arg::text(count.to_string())));
        args.push(("count", Arg::Count(count)));
        Notice::with(key, args)
    }

    /// Whether it tells that a message went out.
    pub fn tells_sent(&self) -> bool {
        matches!(self, Notice::Said { key, .. } if key == SENT || key == SENT_BUT_SENT_COPY)
    }

    /// Its words in the page's language.
    pub fn words(&self) -> String {
        match self {
            Notice::Said { key, args } => {
                let args: Vec<(&str, String)> = args
                    .iter()
                    .map(|(name, value)| (name.as_str(), value.words()))
                    .collect();
                crate::i18n::t_with(key, &args)
            }
            Notice::Failed(error) => error.message(),
        }
    }
}

impl Arg {
    pub fn text(value: impl Into<String>) -> Self {
        Arg::Text(value.into())
    }

    fn words(&self) -> String {
        match self {
            Arg::Text(text) => text.clone(),
            Arg::Special(special) => crate::i18n::t(special.key()),
            Arg::Failed(error) => error.message(),
            Arg::Count(n) => crate::i18n::group_digits(crate::i18n::use_lang(), *n),
            Arg::Said(notice) => notice.words(),
            Arg::Decimal(text) => crate::i18n::decimal_sign(text.clone()),
            Arg::Quoted(pieces) => pieces
                .iter()
                .map(|piece| crate::i18n::t_with("quoted", &[("text", piece.clone())]))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

impl From<AppError> for Notice {
    fn from(error: AppError) -> Self {
        Notice::Failed(error)
    }
}
