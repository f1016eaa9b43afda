//! The question bank compiled into the binary (`questions/*.md`, see `src/build.rs`).

/// `(path relative to the repository, file contents)`, sorted by path.
pub static EMBEDDED_FILES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/embedded_bank.rs"));
