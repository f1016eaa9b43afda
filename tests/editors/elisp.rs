//! Just enough of an Emacs Lisp reader to check the eglot snippet in
//! editors/README.md: lists, dotted pairs, quotes, strings and atoms.
//! A snippet that does not read (an unbalanced paren, a stray quote) is the
//! mistake users would hit first, so reading fails loudly on it.

#[derive(Debug, Clone, PartialEq)]
pub enum Sexp {
    List(Vec<Sexp>),
    Atom(String),
    Str(String),
    Quote(Box<Sexp>),
}

impl Sexp {
    pub fn atom(&self) -> Option<&str> {
        match self {
            Sexp::Atom(a) => Some(a),
            _ => None,
        }
    }

    pub fn list(&self) -> Option<&[Sexp]> {
        match self {
            Sexp::List(items) => Some(items),
            _ => None,
        }
    }

    /// The form a `'form` quotes, or the form itself.
    pub fn unquote(&self) -> &Sexp {
        match self {
            Sexp::Quote(inner) => inner,
            other => other,
        }
    }

    /// Every list in this form, depth first, this one included.
    pub fn lists(&self) -> Vec<&[Sexp]> {
        let mut found = Vec::new();
        match self {
            Sexp::List(items) => {
                found.push(items.as_slice());
                for item in items {
                    found.extend(item.lists());
                }
            }
            Sexp::Quote(inner) => found.extend(inner.lists()),
            _ => {}
        }
        found
    }
}

/// Reads every top-level form in `source`.
pub fn read_all(source: &str) -> Result<Vec<Sexp>, String> {
    let mut chars = source.chars().peekable();
    let mut forms = Vec::new();
    loop {
        skip_blank(&mut chars);
        if chars.peek().is_none() {
            return Ok(forms);
        }
        forms.push(read(&mut chars)?);
    }
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_blank(chars: &mut Chars) {
    while let Some(&c) = chars.peek() {
        if c == ';' {
            while chars.next_if(|&c| c != '\n').is_some() {}
        } else if c.is_whitespace() {
            chars.next();
        } else {
            return;
        }
    }
}

fn read(chars: &mut Chars) -> Result<Sexp, String> {
    skip_blank(chars);
    match chars.next() {
        None => Err("unexpected end of input".into()),
        Some(')') => Err("unbalanced `)`".into()),
        Some('\'') => Ok(Sexp::Quote(Box::new(read(chars)?))),
        Some('(') => {
            let mut items = Vec::new();
            loop {
                skip_blank(chars);
                match chars.peek() {
                    None => return Err("unclosed `(`".into()),
                    Some(')') => {
                        chars.next();
                        return Ok(Sexp::List(items));
                    }
                    Some(_) => items.push(read(chars)?),
                }
            }
        }
        Some('"') => {
            let mut text = String::new();
            loop {
                match chars.next() {
                    None => return Err("unclosed string".into()),
                    Some('"') => return Ok(Sexp::Str(text)),
                    Some('\\') => text.extend(chars.next()),
                    Some(c) => text.push(c),
                }
            }
        }
        Some(first) => {
            let mut atom = first.to_string();
            while let Some(c) = chars.next_if(|&c| !c.is_whitespace() && !"()'\";".contains(c)) {
                atom.push(c);
            }
            Ok(Sexp::Atom(atom))
        }
    }
}

#[test]
fn reads_lists_quotes_strings_and_rejects_unbalanced_input() {
    let forms = read_all("(a 'b \"c \\\" d\" . (e)) ; comment").unwrap();
    let expected = Sexp::List(vec![
        Sexp::Atom("a".into()),
        Sexp::Quote(Box::new(Sexp::Atom("b".into()))),
        Sexp::Str("c \" d".into()),
        Sexp::Atom(".".into()),
        Sexp::List(vec![Sexp::Atom("e".into())]),
    ]);
    assert_eq!(forms, vec![expected]);
    assert!(read_all("(a (b)").is_err());
    assert!(read_all("(a))").is_err());
    assert!(read_all("\"open").is_err());
}
