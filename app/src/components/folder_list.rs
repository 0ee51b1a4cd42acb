use leptos::prelude::*;

use crate::model::{Folder, FolderName};
use crate::url::folder_page;

/// The account's folders, in the order the server put them (special-use first, then the tree),
/// each with its unread count.
#[component]
pub fn FolderList(folders: Vec<Folder>, current: FolderName) -> impl IntoView {
    view! {
        <ul class="folder-list" data-testid="folder-list">
            {folders
                .into_iter()
                .map(|folder| {
                    let is_current = folder.name == current;
                    let unread = folder.unread.unwrap_or(0);
                    // Indentation comes from the stylesheet by depth: the page's policy allows
                    // no inline styles.
                    let depth = folder.depth.min(6).to_string();
                    let special = folder.special.map(|s| s.label().to_lowercase());
                    view! {
                        <li
                            class="folder"
                            class:current=is_current
                            data-depth=depth
                            data-testid="folder"
                            data-folder=folder.name.as_str().to_string()
                            data-unread=unread.to_string()
                            data-special=special
                        >
                            {if folder.selectable {
                                view! {
                                    <a
                                        href=folder_page(&folder.name)
                                        aria-current=is_current.then_some("page")
                                    >
                                        <span class="label">{folder.label.to_string()}</span>
                                        {(unread > 0)
                                            .then(|| view! { <span class="unread">{unread}</span> })}
                                    </a>
                                }
                                    .into_any()
                            } else {
                                view! { <span class="label">{folder.label.to_string()}</span> }.into_any()
                            }}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
