//! HTTP endpoints that are not Leptos pages: login/logout form posts and health checks.

pub mod auth;
pub mod compose;
pub mod export;
pub mod health;
pub mod message;
pub mod organise;
