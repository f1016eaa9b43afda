//! interview-ls: a language server and command-line tool for practising Flask
//! and FastAPI interview questions. See the README's architecture section for
//! the map of these modules.

#![warn(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::todo,
    clippy::dbg_macro
)]

pub mod bank;
pub mod cli;
pub mod render;
pub mod search;
pub mod server;
