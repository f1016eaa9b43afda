//! Merging the import statements a snippet (or a quick fix) needs into a
//! Python file, as byte-range edits.
//!
//! The rules, in order, for each wanted import:
//! 1. Already bound to the same thing (compared by canonical symbol, so
//!    `from starlette.requests import Request` satisfies
//!    `from fastapi import Request`): nothing to do.
//! 2. Bound to the same thing under another name (`from fastapi import
//!    Depends as Inject`): nothing is imported twice; instead the caller
//!    gets a rename (`Depends` → `Inject`) to apply to the inserted code.
//! 3. A top-level `from M import …` for the same module exists: the name is
//!    added to it at its sorted place (isort/ruff "order by type":
//!    CONSTANTS, Classes, functions), single-line or parenthesised.
//! 4. Otherwise a new statement goes into its isort section of the file's
//!    import block (standard library, third party, first party), at its
//!    sorted place ([`sections`]), so `ruff check --select I001` stays
//!    clean; with no imports, after the module docstring and shebang/coding
//!    lines. `from __future__` imports always stay first, as Python requires.
//!    A `from … import` line that would pass 88 characters is wrapped, one
//!    name a line, as ruff formats it.

mod edits;
mod file;
mod sections;
mod stdlib;

use super::canonical::canonicalise;
use super::nodes::node_text;
use super::syntax;
use crate::edit::Edit;
use edits::{add_to_from_line, new_lines};
use file::FileImports;
pub(crate) use sections::blank_lines_after_imports;
use std::collections::BTreeMap;
use tree_sitter::{Node, Tree};

/// What merging produced: the edits to the file, and names the inserted
/// code must use instead of its own because the file already imports the
/// same thing under another name.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportMerge {
    pub edits: Vec<Edit>,
    /// `(name in the snippet, name in the file)`.
    pub renames: Vec<(String, String)>,
}

impl ImportMerge {
    /// The name the file uses for what the snippet calls `name`.
    pub fn local_name<'a>(&'a self, name: &'a str) -> &'a str {
        self.renames
            .iter()
            .find(|(from, _)| from == name)
            .map_or(name, |(_, to)| to.as_str())
    }
}

/// One name a snippet wants bound.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Wanted {
    /// `import module [as alias]`.
    Module {
        module: String,
        alias: Option<String>,
    },
    /// `from module import name [as alias]`.
    From {
        module: String,
        name: String,
        alias: Option<String>,
    },
}

impl Wanted {
    /// The local name the snippet's code uses.
    fn local(&self) -> &str {
        match self {
            Wanted::Module {
                alias: Some(alias), ..
            }
            | Wanted::From {
                alias: Some(alias), ..
            } => alias,
            Wanted::Module { module, .. } => module.split('.').next().unwrap_or(module),
            Wanted::From { name, .. } => name,
        }
    }

    /// What the local name is bound to, canonicalised.
    fn target(&self) -> String {
        match self {
            Wanted::Module {
                module,
                alias: Some(_),
            } => canonicalise(module),
            Wanted::Module {
                module,
                alias: None,
            } => module.split('.').next().unwrap_or(module).to_string(),
            Wanted::From { module, name, .. } => canonicalise(&format!("{module}.{name}")),
        }
    }

    /// `name` or `name as alias`, as written inside a `from … import` list.
    fn list_item(&self) -> String {
        match self {
            Wanted::From {
                name,
                alias: Some(alias),
                ..
            } => format!("{name} as {alias}"),
            Wanted::From { name, .. } => name.clone(),
            Wanted::Module { module, .. } => module.clone(),
        }
    }
}

/// The edits that bind every import statement in `wanted` (one statement per
/// entry, as [`crate::bank::Snippet::imports`] holds them) in `text`.
pub fn merge_imports(tree: &Tree, text: &str, wanted: &[String]) -> ImportMerge {
    let file = FileImports::read(tree, text);
    let mut merge = ImportMerge::default();
    // Names added so far, so a snippet listing one twice adds it once.
    let mut bound: Vec<(String, String)> = Vec::new();
    let mut to_from_lines: BTreeMap<usize, Vec<Wanted>> = BTreeMap::new();
    let mut to_future_line: Vec<Wanted> = Vec::new();
    let mut new_future: Vec<Wanted> = Vec::new();
    let mut new_plain: Vec<Wanted> = Vec::new();
    let mut new_from: BTreeMap<String, Vec<Wanted>> = BTreeMap::new();
    for item in wanted.iter().flat_map(|statement| parse_wanted(statement)) {
        let (local, target) = (item.local().to_string(), item.target());
        let is_bound = |l: &str, t: &str| {
            file.bindings
                .iter()
                .chain(&bound)
                .any(|(bl, bt)| bl == l && bt == t)
        };
        if is_bound(&local, &target) {
            continue;
        }
        match &item {
            Wanted::From { module, .. } if file.wildcard_modules.contains(module) => continue,
            Wanted::Module {
                module,
                alias: None,
            } if file.plain_modules.contains(module) => continue,
            _ => {}
        }
        // A future import's name is a compiler flag, never a binding to reuse.
        let is_future = matches!(&item, Wanted::From { module, .. } if module == "__future__");
        if !is_future {
            if let Some((other, _)) = file.bindings.iter().find(|(_, t)| *t == target) {
                if !merge.renames.iter().any(|(from, _)| *from == local) {
                    merge.renames.push((local.clone(), other.clone()));
                }
                continue;
            }
        }
        bound.push((local, target));
        match &item {
            Wanted::From { .. } if is_future => {
                if file.future_line.is_some() {
                    to_future_line.push(item.clone());
                } else {
                    new_future.push(item.clone());
                }
            }
            Wanted::From { module, .. } => {
                // A line without `as` first: ruff keeps aliased names apart.
                let joinable = |l: &file::FromLine| {
                    l.module == *module && !l.names.iter().any(|n| n.name.contains(" as "))
                };
                let index = file
                    .from_lines
                    .iter()
                    .position(joinable)
                    .or_else(|| file.from_lines.iter().position(|l| l.module == *module));
                match index {
                    Some(index) => to_from_lines.entry(index).or_default().push(item.clone()),
                    None => new_from
                        .entry(module.clone())
                        .or_default()
                        .push(item.clone()),
                }
            }
            Wanted::Module { .. } => new_plain.push(item.clone()),
        }
    }
    for (index, items) in &to_from_lines {
        merge
            .edits
            .extend(add_to_from_line(text, &file.from_lines[*index], items));
    }
    if let Some(line) = &file.future_line {
        merge
            .edits
            .extend(add_to_from_line(text, line, &to_future_line));
    }
    merge
        .edits
        .extend(new_lines(text, &file, &new_future, &new_plain, &new_from));
    merge
}

/// Reads the wanted bindings out of one import statement.
fn parse_wanted(statement: &str) -> Vec<Wanted> {
    let Some(tree) = syntax::parse(statement, None) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let root = tree.root_node();
    let mut cursor = root.walk();
    for node in root.named_children(&mut cursor) {
        let module = match node.kind() {
            "import_statement" => None,
            "future_import_statement" => Some("__future__".to_string()),
            "import_from_statement" => match node.child_by_field_name("module_name") {
                // Relative imports name the user's own package: nothing to merge.
                Some(m) if m.kind() == "dotted_name" => Some(node_text(m, statement).to_string()),
                _ => continue,
            },
            _ => continue,
        };
        let mut names = node.walk();
        for name in node.children_by_field_name("name", &mut names) {
            let (dotted, alias) = split_alias(name, statement);
            out.push(match &module {
                Some(module) => Wanted::From {
                    module: module.clone(),
                    name: dotted,
                    alias,
                },
                None => Wanted::Module {
                    module: dotted,
                    alias,
                },
            });
        }
    }
    out
}

/// `a.b as c` → `("a.b", Some("c"))`; `a.b` → `("a.b", None)`.
fn split_alias(name: Node<'_>, text: &str) -> (String, Option<String>) {
    if name.kind() == "aliased_import" {
        let original = name
            .child_by_field_name("name")
            .map_or("", |n| node_text(n, text));
        let alias = name
            .child_by_field_name("alias")
            .map(|n| node_text(n, text).to_string());
        (original.to_string(), alias)
    } else {
        (node_text(name, text).to_string(), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;

    fn merged(text: &str, wanted: &[&str]) -> (String, Vec<(String, String)>) {
        let tree = syntax::parse(text, None).unwrap();
        let wanted: Vec<String> = wanted.iter().map(ToString::to_string).collect();
        let merge = merge_imports(&tree, text, &wanted);
        let out = apply(text, &merge.edits).expect("edits apply");
        let tree = syntax::parse(&out, None).unwrap();
        assert!(!tree.root_node().has_error(), "does not parse:\n{out}");
        (out, merge.renames)
    }

    #[test]
    fn adds_names_to_an_existing_from_import_sorted_by_type() {
        let (out, _) = merged(
            "from fastapi import FastAPI, HTTPException\n\napp = FastAPI()\n",
            &["from fastapi import Depends, FastAPI, status", "import os"],
        );
        // `os` is standard library: its own section, before the third party.
        assert_eq!(
            out,
            "import os\n\nfrom fastapi import Depends, FastAPI, HTTPException, status\n\napp = FastAPI()\n"
        );
    }

    #[test]
    fn handles_parenthesised_multi_line_imports_with_comments() {
        let (out, _) = merged(
            "from fastapi import (\n    Depends,\n    FastAPI,  # the app\n)\n",
            &["from fastapi import APIRouter, FastAPI, Query, status"],
        );
        assert_eq!(
            out,
            "from fastapi import (\n    APIRouter,\n    Depends,\n    FastAPI,  # the app\n    Query,\n    status,\n)\n"
        );
        let (out, _) = merged(
            "from fastapi import (\n    Depends,\n    FastAPI\n)\nx = 1\n",
            &["from fastapi import status"],
        );
        assert_eq!(
            out,
            "from fastapi import (\n    Depends,\n    FastAPI,\n    status,\n)\nx = 1\n"
        );
        let (out, _) = merged(
            "from fastapi import (Depends, FastAPI,)\n",
            &["from fastapi import status"],
        );
        assert_eq!(out, "from fastapi import (Depends, FastAPI, status,)\n");
    }

    #[test]
    fn never_imports_a_name_twice_even_under_an_alias() {
        let text = "import numpy as np\nfrom fastapi import Depends as Inject\nfrom starlette.requests import Request\n";
        let (out, renames) = merged(
            text,
            &[
                "import numpy",
                "from fastapi import Depends, Request",
                "from fastapi import Depends",
            ],
        );
        assert_eq!(out, text);
        assert_eq!(
            renames,
            vec![
                ("numpy".to_string(), "np".to_string()),
                ("Depends".to_string(), "Inject".to_string())
            ]
        );
    }

    #[test]
    fn new_lines_go_after_the_docstring_and_future_imports() {
        let (out, _) = merged(
            "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nx = 1\n",
            &["from __future__ import annotations", "import os"],
        );
        assert_eq!(
            out,
            "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nimport os\n\nx = 1\n"
        );
        let (out, _) = merged(
            "\"\"\"Doc.\"\"\"\nx = 1\n",
            &["from __future__ import annotations", "import os"],
        );
        assert_eq!(
            out,
            "\"\"\"Doc.\"\"\"\n\nfrom __future__ import annotations\n\nimport os\n\nx = 1\n"
        );
        let (out, _) = merged(
            "\"\"\"Doc.\"\"\"\n\nimport os\n",
            &[
                "from __future__ import annotations",
                "from typing import Annotated",
            ],
        );
        assert_eq!(
            out,
            "\"\"\"Doc.\"\"\"\n\nfrom __future__ import annotations\n\nimport os\nfrom typing import Annotated\n"
        );
    }

    #[test]
    fn an_empty_file_or_one_without_imports_gets_them_at_the_top() {
        let (out, _) = merged("", &["from flask import Flask", "import os"]);
        assert_eq!(out, "import os\n\nfrom flask import Flask\n");
        let (out, _) = merged(
            "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nx = 1",
            &["import os"],
        );
        assert_eq!(
            out,
            "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nimport os\n\nx = 1"
        );
        let (out, _) = merged("import sys", &["import os"]);
        assert_eq!(out, "import os\nimport sys");
        let (out, _) = merged("import sys", &["import zlib"]);
        assert_eq!(out, "import sys\nimport zlib\n");
    }

    #[test]
    fn imports_after_code_do_not_move_the_insertion_point() {
        // Flask's circular-import idiom puts `from . import views` at the
        // bottom; new imports still go in the header, before any code.
        let (out, _) = merged(
            "import os\ntry:\n    import ujson as json\nexcept ImportError:\n    import json\n\napp = 1\nfrom . import views\n",
            &["from flask import Flask", "import json"],
        );
        assert_eq!(
            out,
            "import os\n\nfrom flask import Flask\ntry:\n    import ujson as json\nexcept ImportError:\n    import json\n\napp = 1\nfrom . import views\n"
        );
    }

    #[test]
    fn new_statements_go_into_their_isort_section_at_their_sorted_place() {
        let text = "\"\"\"Doc.\"\"\"\n\nimport os\nfrom typing import Annotated\n\nimport jwt\nfrom pydantic import BaseModel\n\n# The app's own code.\nfrom app import db\n\nx = 1\n";
        let (out, _) = merged(
            text,
            &[
                "import asyncio",
                "from collections.abc import Iterator",
                "from fastapi import FastAPI",
                "import httpx",
                "import time",
            ],
        );
        assert_eq!(
            out,
            "\"\"\"Doc.\"\"\"\n\nimport asyncio\nimport os\nimport time\nfrom collections.abc import Iterator\nfrom typing import Annotated\n\nimport httpx\nimport jwt\nfrom fastapi import FastAPI\nfrom pydantic import BaseModel\n\n# The app's own code.\nfrom app import db\n\nx = 1\n"
        );
        // A section the file lacks goes between its neighbours.
        let (out, _) = merged("import jwt\n\n\ndef f():\n    pass\n", &["import os"]);
        assert_eq!(out, "import os\n\nimport jwt\n\n\ndef f():\n    pass\n");
        // A new block keeps ruff's blank lines before the code.
        let (out, _) = merged("def f():\n    pass\n", &["import os"]);
        assert_eq!(out, "import os\n\n\ndef f():\n    pass\n");
    }

    #[test]
    fn a_line_grown_past_88_characters_is_wrapped() {
        let (out, _) = merged(
            "from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column\n",
            &["from sqlalchemy.orm import sessionmaker, relationship"],
        );
        assert_eq!(
            out,
            "from sqlalchemy.orm import (\n    DeclarativeBase,\n    Mapped,\n    Session,\n    mapped_column,\n    relationship,\n    sessionmaker,\n)\n"
        );
    }

    #[test]
    fn wildcards_satisfy_names_and_unknown_ones_are_added_once() {
        let (out, _) = merged(
            "from fastapi import *\n",
            &[
                "from fastapi import FastAPI",
                "from pydantic import BaseModel",
                "from pydantic import BaseModel",
            ],
        );
        assert_eq!(
            out,
            "from fastapi import *\nfrom pydantic import BaseModel\n"
        );
    }
}
