//! Views used by more than one page.

mod account_bar;
pub mod autosave;
mod cannot_show;
#[cfg(feature = "hydrate")]
mod dom;
mod folder_list;
mod islands;
mod language;
pub mod live;
mod message_list;
mod organise;
mod raw_text;
pub mod shortcuts;
pub mod suggest;
pub mod upload;

pub use account_bar::AccountBar;
pub use cannot_show::CannotShow;
pub use folder_list::FolderList;
pub use islands::{ComposeScript, HydrationMark};
pub use language::LanguageChooser;
pub use live::{LiveMail, LiveWords};
pub use message_list::{MessageList, Pager, SearchForm, SortChooser, group, human_size};
pub use organise::{ConfirmBox, FolderManager, MessageActions, MoveTargets, Notice, QuotaBar};
pub use raw_text::{PageTitle, textarea_text};
pub use shortcuts::{Shortcuts, ShortcutsHelp};
pub use suggest::AddressSuggest;
