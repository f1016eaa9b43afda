//! Grammar field ids, looked up once.
//!
//! `Node::child_by_field_name` scans the grammar's field names on every
//! call; in the analysis of a large file that scan was about 40% of the
//! time (callgrind, 20,000-line file). Resolving each name once and using
//! `child_by_field_id` removes it.

use std::num::NonZeroU16 as FieldId;
use std::sync::OnceLock;
use tree_sitter::Node;

pub struct Fields {
    pub alias: FieldId,
    pub attribute: FieldId,
    pub body: FieldId,
    pub definition: FieldId,
    pub function: FieldId,
    pub left: FieldId,
    pub module_name: FieldId,
    pub name: FieldId,
    pub object: FieldId,
    pub right: FieldId,
}

pub fn fields() -> &'static Fields {
    static FIELDS: OnceLock<Fields> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let language: tree_sitter::Language = tree_sitter_python::LANGUAGE.into();
        // A missing field (never, for this grammar) maps to an id no node has.
        let id = |name: &str| language.field_id_for_name(name).unwrap_or(FieldId::MAX);
        Fields {
            alias: id("alias"),
            attribute: id("attribute"),
            body: id("body"),
            definition: id("definition"),
            function: id("function"),
            left: id("left"),
            module_name: id("module_name"),
            name: id("name"),
            object: id("object"),
            right: id("right"),
        }
    })
}

/// The child in `field` (an id from [`fields`]).
pub fn field_child<'t>(node: Node<'t>, field: FieldId) -> Option<Node<'t>> {
    node.child_by_field_id(u16::from(field))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_field_exists_in_the_grammar() {
        let f = super::fields();
        for id in [
            f.alias,
            f.attribute,
            f.body,
            f.definition,
            f.function,
            f.left,
            f.module_name,
            f.name,
            f.object,
            f.right,
        ] {
            assert_ne!(id, std::num::NonZeroU16::MAX);
        }
    }
}
