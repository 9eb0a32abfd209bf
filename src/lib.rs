//! MDT Assistant core: everything the desktop app and the `mdt` CLI share.
//!
//! One module per concept. Nothing here knows about Tauri, so all of it is tested with
//! plain `cargo test`.

pub mod audit;
pub mod error;
pub mod logging;
pub mod members;
pub mod paths;
pub mod reports;
pub mod roles;
pub mod storage;

pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use storage::Store;
