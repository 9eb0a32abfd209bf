//! Writing the files a user asks for (PDF exports, meeting bundles) so that a crash, a full disk or a
//! cancelled copy never leaves half a file under the name the user chose. The one atomic writer:
//! the reports and the CLI both write through it.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Writes `bytes` to a hidden temporary file in the same folder as `path` (named after it and this
/// process, so two programs writing the same name never share one), flushes it to disk, renames it
/// into place and flushes the folder, so the new name survives a power cut. An earlier file of that
/// name stays whole until the new one is complete; on any failure the temporary file is removed and
/// the earlier file, if any, is untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().ok_or_else(|| {
        Error::invalid("path", format!("{} is a folder, not a file name. Choose a file to write.", path.display()))
    })?;
    let mut partial_name = OsString::from(".");
    partial_name.push(name);
    partial_name.push(format!(".{}.partial", std::process::id()));
    let partial: PathBuf = path.with_file_name(partial_name);
    let written = std::fs::File::create(&partial)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()))
        .and_then(|()| std::fs::rename(&partial, path));
    if let Err(source) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(Error::Io { path: path.to_path_buf(), source });
    }
    sync_folder(path);
    Ok(())
}

/// Flushes the folder holding `path`, so a rename in it is on disk. Best effort: the file itself is
/// whole already, and some file systems (or platforms) cannot open a folder to flush it.
fn sync_folder(path: &Path) {
    if let Ok(dir) = std::fs::File::open(folder_of(path)) {
        let _ = dir.sync_all();
    }
}

/// The folder `path` is in: "." for a bare file name, whose parent is empty.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn writes_the_whole_file_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.pdf");
        write_atomically(&path, b"%PDF-1.7").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7");
        assert_eq!(names(dir.path()), ["out.pdf"]);
    }

    #[test]
    fn replaces_an_earlier_file_of_the_same_name_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("minutes.pdf");
        std::fs::write(&path, b"old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["minutes.pdf"], "no temporary file left");
    }

    #[test]
    fn the_folder_flushed_is_the_files_own() {
        assert_eq!(folder_of(Path::new("/tmp/exports/minutes.pdf")), Path::new("/tmp/exports"));
        // A bare file name, as the CLI may be given one, is in the current folder.
        assert_eq!(folder_of(Path::new("minutes.pdf")), Path::new("."));
    }

    #[test]
    fn a_missing_folder_is_an_io_error_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder").join("out.pdf");
        let err = write_atomically(&missing, b"x").unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Io);
        assert!(matches!(&err, Error::Io { path, .. } if *path == missing), "{err:?}");
        assert_eq!(names(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_folder_is_not_a_file_name() {
        let err = write_atomically(Path::new("/"), b"x").unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Invalid);
        assert!(err.to_string().contains("is a folder, not a file name"), "{err}");
    }

    #[test]
    fn a_failed_rename_removes_the_temporary_file_and_keeps_what_was_there() {
        // A folder already standing under the name: the rename fails after the temporary file is written.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("taken");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("inside.txt"), b"kept").unwrap();
        assert_eq!(write_atomically(&path, b"new").unwrap_err().code(), crate::ErrorCode::Io);
        assert_eq!(names(dir.path()), ["taken"], "no temporary file left");
        assert_eq!(std::fs::read(path.join("inside.txt")).unwrap(), b"kept");
    }
}
