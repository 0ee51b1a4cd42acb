use serde::{Deserialize, Serialize};

use super::MessageRef;

/// How a compose form starts: empty, as an answer to a message, or from a saved draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ComposeStart {
    New {
        /// A prefilled recipient (a `mailto:`-like link).
        to: String,
    },
    Reply {
        source: MessageRef,
        all: bool,
    },
    Forward {
        source: MessageRef,
    },
    Draft {
        draft: MessageRef,
    },
}

/// What the answered message gets once the answer is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnswerKind {
    Reply,
    Forward,
}

impl AnswerKind {
    pub fn param(self) -> &'static str {
        match self {
            AnswerKind::Reply => "reply",
            AnswerKind::Forward => "forward",
        }
    }

    pub fn from_param(value: &str) -> Option<Self> {
        match value {
            "reply" => Some(AnswerKind::Reply),
            "forward" => Some(AnswerKind::Forward),
            _ => None,
        }
    }
}

/// One attachment the form already holds (in the saved draft, or in the forwarded message).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeAttachment {
    /// `draft:<n>` or `source:<n>`: which stored message holds it and its position there.
    pub key: String,
    pub filename: String,
    pub mime_type: String,
    pub size: u64,
}

/// Everything the compose form shows; also what is kept when sending fails.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeForm {
    /// The logged-in address: the only possible From.
    pub address: String,
    /// The person's name in From (their settings); empty: the address alone.
    #[serde(default)]
    pub from_name: String,
    /// The From picked among `identities` (an address); empty: the logged-in address.
    #[serde(default)]
    pub from: String,
    /// The other addresses the person writes from (their settings, as the operator allows).
    #[serde(default)]
    pub identities: Vec<crate::model::NamedAddress>,
    /// Addresses the person has written to, most recent first: suggested in To, Cc and Bcc.
    #[serde(default)]
    pub suggestions: Vec<crate::model::NamedAddress>,
    pub to: String,
    pub cc: String,
    pub bcc: String,
    pub subject: String,
    pub body: String,
    pub in_reply_to: String,
    pub references: String,
    pub attachments: Vec<ComposeAttachment>,
    /// The draft this form was saved as (replaced on the next save, removed on send).
    pub draft: Option<MessageRef>,
    /// The message being answered or forwarded, and how.
    pub answers: Option<(AnswerKind, MessageRef)>,
    /// Total attachment limit as the server counts it (after base64).
    pub limit_bytes: u64,
    /// Why the last attempt failed.
    pub error: Option<super::Notice>,
    /// Per-field problems (`to`, `cc`, `bcc`, `subject`, `attach`).
    pub field_errors: Vec<(String, super::Notice)>,
    /// "Draft saved." and the like.
    pub notice: Option<super::Notice>,
    /// One-time token of this form: a second post of it (a double click, Back and resubmit, a
    /// retry) never sends a second message.
    pub send_token: String,
}

impl ComposeForm {
    pub fn field_error(&self, field: &str) -> Option<super::Notice> {
        self.field_errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, e)| e.clone())
    }
}
