//! The first pass over a bank file: pulldown-cmark events grouped into one
//! section per `##` question, with the blocks (lists, paragraphs, code
//! fences) under it and their byte ranges.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// A top-level block of a question section.
#[derive(Debug)]
pub(super) enum Block {
    List { items: Vec<(Range<usize>, String)> },
    Paragraph { short: bool },
    Other,
}

#[derive(Debug)]
pub(super) struct CodeFence {
    pub(super) range: Range<usize>,
    pub(super) info: String,
    pub(super) content: String,
}

/// One `##` heading and everything under it.
#[derive(Debug)]
pub(super) struct Section {
    pub(super) heading: Range<usize>,
    pub(super) title: String,
    pub(super) end: usize,
    pub(super) blocks: Vec<(Range<usize>, Block)>,
    pub(super) fences: Vec<CodeFence>,
}

pub(super) fn split_sections(text: &str) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut current: Option<Section> = None;
    let mut depth = 0usize;
    let mut in_heading: Option<HeadingLevel> = None;
    let mut list_items: Vec<(Range<usize>, String)> = Vec::new();
    let mut item_text: Option<(Range<usize>, String)> = None;
    let mut fence: Option<CodeFence> = None;
    let mut paragraph_first_event = false;
    let mut short_paragraph = false;

    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if depth == 0 => {
                depth += 1;
                if level <= HeadingLevel::H2 {
                    if let Some(mut done) = current.take() {
                        done.end = range.start;
                        sections.push(done);
                    }
                    in_heading = Some(level);
                    if level == HeadingLevel::H2 {
                        current = Some(Section {
                            heading: range.clone(),
                            title: String::new(),
                            end: text.len(),
                            blocks: Vec::new(),
                            fences: Vec::new(),
                        });
                    }
                }
            }
            Event::End(TagEnd::Heading(_)) if depth == 1 && in_heading.is_some() => {
                depth -= 1;
                in_heading = None;
                if let Some(section) = current.as_mut() {
                    section.title = section.title.trim().to_string();
                }
            }
            Event::Text(t) | Event::Code(t) if in_heading.is_some() => {
                if let Some(section) = current.as_mut() {
                    section.title.push_str(&t);
                }
            }
            Event::Start(tag) => {
                if depth == 0 && matches!(tag, Tag::Paragraph) {
                    paragraph_first_event = true;
                    short_paragraph = false;
                } else if paragraph_first_event {
                    paragraph_first_event = false;
                    short_paragraph = depth == 1 && matches!(tag, Tag::Strong);
                }
                if depth == 0 && matches!(tag, Tag::List(_)) {
                    list_items.clear();
                }
                if depth == 1 && matches!(tag, Tag::Item) {
                    item_text = Some((range.clone(), String::new()));
                }
                if let Tag::CodeBlock(kind) = &tag {
                    let info = match kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    fence = Some(CodeFence {
                        range: range.clone(),
                        info,
                        content: String::new(),
                    });
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if matches!(end, TagEnd::CodeBlock) {
                    if let (Some(done), Some(section)) = (fence.take(), current.as_mut()) {
                        section.fences.push(done);
                    }
                }
                if depth == 1 && matches!(end, TagEnd::Item) {
                    if let Some((r, t)) = item_text.take() {
                        list_items.push((r, t.trim().to_string()));
                    }
                }
                if depth == 0 {
                    let block = match end {
                        TagEnd::List(_) => Block::List {
                            items: std::mem::take(&mut list_items),
                        },
                        TagEnd::Paragraph => Block::Paragraph {
                            short: short_paragraph,
                        },
                        _ => Block::Other,
                    };
                    paragraph_first_event = false;
                    if let Some(section) = current.as_mut() {
                        section.blocks.push((range, block));
                    }
                }
            }
            Event::Text(t) => {
                if paragraph_first_event {
                    paragraph_first_event = false;
                }
                if let Some(f) = fence.as_mut() {
                    f.content.push_str(&t);
                } else if let Some((_, s)) = item_text.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::Code(t) => {
                paragraph_first_event = false;
                if let Some((_, s)) = item_text.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, s)) = item_text.as_mut() {
                    s.push(' ');
                }
            }
            _ => {
                paragraph_first_event = false;
            }
        }
    }
    if let Some(done) = current.take() {
        sections.push(done);
    }
    sections
}
