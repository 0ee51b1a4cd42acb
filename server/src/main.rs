//! `postern`: reads the configuration, then serves until stopped.

// Leptos page types nest deeply; the optimiser lays them out in this crate too.
#![recursion_limit = "512"]

use anyhow::Context;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    postern_server::startup::init_logging();
    let config_path = config_path_from_args()?;
    let settings = postern_server::config::Settings::load(config_path.as_deref(), &|name| {
        std::env::var(name).ok()
    })
    .map_err(|error| anyhow::anyhow!("{error}"))
    .context("the configuration is not usable")?;
    let listener = tokio::net::TcpListener::bind(settings.site_addr)
        .await
        .with_context(|| format!("cannot listen on {}", settings.site_addr))?;
    postern_server::startup::serve(settings, listener).await
}

/// `--config PATH` on the command line, else `POSTERN_CONFIG`.
fn config_path_from_args() -> anyhow::Result<Option<std::path::PathBuf>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => {}
        ["--config", path] => return Ok(Some(path.into())),
        ["--config"] => anyhow::bail!("--config needs a file path"),
        ["--help" | "-h"] => {
            println!(
                "usage: postern [--config FILE]\n\nSettings come from FILE (or \
                 POSTERN_CONFIG) and environment variables; see docs/configuration.md."
            );
            std::process::exit(0);
        }
        other => anyhow::bail!("unknown arguments {other:?} (try --help)"),
    }
    Ok(std::env::var_os("POSTERN_CONFIG").map(Into::into))
}
