//! `GET /mail/export?folder=…`: the whole folder as one mboxrd file, streamed (the mail
//! adapter reads it a batch at a time; a cancelled download stops the reading).

use axum::extract::Query;
use axum::response::Response;
use postern_app::model::FolderName;
use serde::Deserialize;

use super::LoggedIn;
use super::message::{download, error_response};

#[derive(Deserialize)]
pub struct ExportQuery {
    folder: FolderName,
}

pub async fn export_mbox(LoggedIn(account): LoggedIn, Query(q): Query<ExportQuery>) -> Response {
    match account.export_folder(&q.folder).await {
        Ok(file) => download(file),
        Err(error) => error_response(error),
    }
}
