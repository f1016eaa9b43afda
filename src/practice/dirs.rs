//! Where practice data lives: progress in a data folder, generated pages
//! (answers, stats, the copy of the embedded bank) in a cache folder.
//!
//! Precedence for the data folder: the `dataDir` setting (or `--data-dir`),
//! then the `INTERVIEW_LS_DATA` variable, then the platform's data folder
//! (`$XDG_DATA_HOME/interview-ls` on Linux, `~/Library/Application
//! Support/…` on macOS, `%APPDATA%\…` on Windows, from the `directories`
//! crate). When the data folder is chosen explicitly, the cache goes to its
//! `cache` subfolder, so a test or a portable setup touches nothing else;
//! otherwise it is the platform's cache folder.

use directories::ProjectDirs;
use std::path::{Path, PathBuf};

/// The environment variable that overrides the data folder.
pub const DATA_ENV: &str = "INTERVIEW_LS_DATA";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDirs {
    /// Holds `progress.json` and its lock file.
    pub data: PathBuf,
    /// Holds generated files that may be deleted at any time.
    pub cache: PathBuf,
}

impl DataDirs {
    /// Resolves the folders for an optional explicit setting, reading the
    /// environment for the rest.
    pub fn resolve(setting: Option<&Path>) -> Result<DataDirs, String> {
        let env = std::env::var_os(DATA_ENV).filter(|v| !v.is_empty());
        DataDirs::resolve_with(setting, env.as_deref().map(Path::new), platform)
    }

    /// [`DataDirs::resolve`] with the environment and platform passed in, for tests.
    pub fn resolve_with(
        setting: Option<&Path>,
        env: Option<&Path>,
        platform: impl FnOnce() -> Option<DataDirs>,
    ) -> Result<DataDirs, String> {
        if let Some(explicit) = setting.filter(|p| !p.as_os_str().is_empty()).or(env) {
            let data = absolute(explicit);
            return Ok(DataDirs {
                cache: data.join("cache"),
                data,
            });
        }
        platform().ok_or_else(|| {
            format!(
                "cannot find a data folder (no home directory?); set {DATA_ENV} or the `dataDir` setting"
            )
        })
    }
}

fn platform() -> Option<DataDirs> {
    let dirs = ProjectDirs::from("", "", "interview-ls")?;
    Some(DataDirs {
        data: dirs.data_dir().to_path_buf(),
        cache: dirs.cache_dir().to_path_buf(),
    })
}

/// Relative settings are taken from the current folder, so messages and
/// lock files name one stable place.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn platform_dirs() -> Option<DataDirs> {
        Some(DataDirs {
            data: "/platform/data".into(),
            cache: "/platform/cache".into(),
        })
    }

    #[test]
    fn the_setting_beats_the_environment_which_beats_the_platform() {
        let setting = Path::new("/from/setting");
        let env = Path::new("/from/env");
        let dirs = DataDirs::resolve_with(Some(setting), Some(env), platform_dirs).unwrap();
        assert_eq!(dirs.data, setting);
        assert_eq!(dirs.cache, setting.join("cache"));
        let dirs = DataDirs::resolve_with(None, Some(env), platform_dirs).unwrap();
        assert_eq!(dirs.data, env);
        let dirs = DataDirs::resolve_with(None, None, platform_dirs).unwrap();
        assert_eq!(dirs, platform_dirs().unwrap());
    }

    #[test]
    fn no_home_and_no_override_is_an_error_naming_the_way_out() {
        let err = DataDirs::resolve_with(None, None, || None).unwrap_err();
        assert!(err.contains(DATA_ENV) && err.contains("dataDir"), "{err}");
    }
}
