//! What the connected client can do, read once from `initialize`, so features
//! can answer in the richest form the client accepts and degrade otherwise.

use super::encoding::PositionEncoding;
use tower_lsp_server::ls_types::{ClientCapabilities, MarkupKind};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientInfo {
    pub encoding: PositionEncoding,
    /// Hover contents may be Markdown.
    pub hover_markdown: bool,
    /// Completion items may use snippet syntax (`$1`, `${2:name}`).
    pub snippet_support: bool,
    /// `window/showDocument` is available.
    pub show_document: bool,
    /// Code actions may be resolved lazily (`codeAction/resolve` for `edit`).
    pub code_action_resolve: bool,
    /// File watchers can be registered dynamically (`workspace/didChangeWatchedFiles`).
    pub watch_files: bool,
    /// Commands the client runs itself, declared as rust-analyzer's clients
    /// do (`experimental.commands.commands`): the "Insert example…" picker
    /// is only offered to a client that has it.
    pub commands: Vec<String>,
    /// Which editor this is, where it matters for what we tell the user.
    pub editor: Editor,
}

/// Editors whose users are told their own way of doing things.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Editor {
    /// Neovim, with the plugin's `:Interview*` commands.
    Neovim,
    /// Any other client: the CLI is the way that always works.
    #[default]
    Other,
}

impl Editor {
    /// From `clientInfo.name` in `initialize` (Neovim sends `Neovim`).
    pub fn from_name(name: Option<&str>) -> Editor {
        match name {
            Some(name) if name.eq_ignore_ascii_case("neovim") => Editor::Neovim,
            _ => Editor::Other,
        }
    }

    /// How the user opens question `id` by typing: `:InterviewShow id` in
    /// Neovim, `interview-ls show id` elsewhere.
    pub fn show_command(self) -> &'static str {
        match self {
            Editor::Neovim => ":InterviewShow",
            Editor::Other => "interview-ls show",
        }
    }
}

impl ClientInfo {
    pub fn new(caps: &ClientCapabilities, name: Option<&str>) -> ClientInfo {
        let text = caps.text_document.as_ref();
        let hover_markdown = text
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_ref())
            .is_some_and(|formats| formats.contains(&MarkupKind::Markdown));
        let snippet_support = text
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        let code_action_resolve = text
            .and_then(|t| t.code_action.as_ref())
            .and_then(|c| c.resolve_support.as_ref())
            .is_some_and(|r| r.properties.iter().any(|p| p == "edit"));
        let show_document = caps
            .window
            .as_ref()
            .and_then(|w| w.show_document.as_ref())
            .is_some_and(|s| s.support);
        let watch_files = caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        let encoding = PositionEncoding::negotiate(
            caps.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let commands = caps
            .experimental
            .as_ref()
            .and_then(|e| e.pointer("/commands/commands"))
            .and_then(|c| c.as_array())
            .map(|list| {
                list.iter()
                    .filter_map(|c| c.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        ClientInfo {
            editor: Editor::from_name(name),
            commands,
            encoding,
            hover_markdown,
            snippet_support,
            show_document,
            code_action_resolve,
            watch_files,
        }
    }
}
