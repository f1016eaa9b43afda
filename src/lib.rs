//! interview-ls: a language server and command-line tool for practising Flask
//! and FastAPI interview questions. See the README's architecture section for
//! the map of these modules.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]
#![warn(clippy::todo, clippy::dbg_macro)]

pub mod bank;
pub mod cli;
pub mod edit;
pub mod hover;
pub mod lenses;
pub mod practice;
pub mod python;
pub mod render;
pub mod search;
pub mod server;
pub mod snippets;
pub mod suggest;
pub mod tips;
