//! Tauri commands: each unpacks state, runs one core function off the UI thread and maps
//! the error to `{code, message}`.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use mdt::members::{self, MemberInput, TeamMember};
use mdt::roles::{self, Role};
use mdt::storage::DatabaseStatus;
use mdt::{Error, ErrorPayload, Store};
use tauri::State;
use tracing::instrument;

type CommandResult<T> = Result<T, ErrorPayload>;

pub struct AppState {
    store: Arc<Mutex<Option<Store>>>,
    status: DatabaseStatus,
    db_path: PathBuf,
}

impl AppState {
    /// Opens the database. A failure is kept and shown in the window, not a crash.
    pub fn open(db_path: PathBuf) -> AppState {
        let (store, problem) = match Store::open(&db_path) {
            Ok(store) => (Some(store), None),
            Err(e) => {
                tracing::error!(error = %e, path = %db_path.display(), "database not opened");
                (None, Some(ErrorPayload::from(e)))
            }
        };
        let status = DatabaseStatus::new(&db_path, problem);
        AppState { store: Arc::new(Mutex::new(store)), status, db_path }
    }

    /// An application id unique to this database file, so that single-instance is per database.
    pub fn instance_id(&self, base: &str) -> String {
        let canonical = self
            .db_path
            .parent()
            .and_then(|dir| dir.canonicalize().ok())
            .map(|dir| dir.join(self.db_path.file_name().unwrap_or_default()))
            .unwrap_or_else(|| self.db_path.clone());
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        canonical.hash(&mut hasher);
        format!("{base}.db{:016x}", hasher.finish())
    }

    /// Runs `f` on the store on a blocking thread, so the window never waits on the disk.
    async fn with_store<T, F>(&self, f: F) -> CommandResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> mdt::Result<T> + Send + 'static,
    {
        if let Some(problem) = &self.status.problem {
            return Err(problem.clone());
        }
        let store = Arc::clone(&self.store);
        tauri::async_runtime::spawn_blocking(move || {
            let mut guard = store.lock().unwrap_or_else(PoisonError::into_inner);
            let store = guard.as_mut().ok_or_else(|| Error::Internal("the database is not open".into()))?;
            f(store)
        })
        .await
        .map_err(|e| ErrorPayload::from(Error::Internal(e.to_string())))?
        .map_err(ErrorPayload::from)
    }
}

#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> DatabaseStatus {
    state.status.clone()
}

#[tauri::command]
#[instrument(skip_all, err(Debug))]
pub async fn list_roles(state: State<'_, AppState>) -> CommandResult<Vec<Role>> {
    state.with_store(|s| roles::list(s.conn())).await
}

#[tauri::command]
#[instrument(skip_all, err(Debug))]
pub async fn list_members(state: State<'_, AppState>) -> CommandResult<Vec<TeamMember>> {
    state.with_store(|s| members::list(s.conn())).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn create_member(state: State<'_, AppState>, input: MemberInput) -> CommandResult<TeamMember> {
    state.with_store(move |s| members::create(s, &input)).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn update_member(state: State<'_, AppState>, id: i64, input: MemberInput) -> CommandResult<TeamMember> {
    state.with_store(move |s| members::update(s, id, &input)).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn remove_member(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    state.with_store(move |s| members::remove(s, id)).await
}
