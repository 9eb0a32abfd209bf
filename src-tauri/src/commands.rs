//! Tauri commands: each unpacks state, runs one core function off the UI thread and maps
//! the error to `{code, message}`.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use mdt::actions::{self, ActionFilter, ActionInput, AgreedAction};
use mdt::agenda::{self, CaseItemInput, OtherItemInput, Outcome};
use mdt::attendance::{self, AttendanceInput};
use mdt::case_import::{self, CaseImportReport};
use mdt::cases::{self, CaseHistory, CaseIdentifier};
use mdt::demo::{self, DemoReport};
use mdt::discussions::{self, DiscussionRecord};
use mdt::meetings::{self, Meeting, MeetingDetail, MeetingInput, MeetingSummary};
use mdt::search::{self, SearchHit};
use mdt::members::{self, MemberInput, TeamMember};
use mdt::reports::ExportReport;
use mdt::reports::action_list::{self, ActionListOptions};
use mdt::reports::minutes::{self, MinutesOptions};
use mdt::roles::{self, Role};
use mdt::storage::DatabaseStatus;
use mdt::{Error, ErrorPayload, Store};
use tauri::{AppHandle, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
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
        AppState {
            store: Arc::new(Mutex::new(store)),
            status,
            db_path,
        }
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
            let store = guard
                .as_mut()
                .ok_or_else(|| Error::Internal("the database is not open".into()))?;
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
pub async fn create_member(
    state: State<'_, AppState>,
    input: MemberInput,
) -> CommandResult<TeamMember> {
    state.with_store(move |s| members::create(s, &input)).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn update_member(
    state: State<'_, AppState>,
    id: i64,
    input: MemberInput,
) -> CommandResult<TeamMember> {
    state
        .with_store(move |s| members::update(s, id, &input))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn remove_member(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    state.with_store(move |s| members::remove(s, id)).await
}

// --- meetings -------------------------------------------------------------------------

#[tauri::command]
#[instrument(skip_all, err(Debug))]
pub async fn list_meetings(state: State<'_, AppState>) -> CommandResult<Vec<MeetingSummary>> {
    state.with_store(|s| meetings::list(s.conn())).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn load_meeting(state: State<'_, AppState>, id: i64) -> CommandResult<MeetingDetail> {
    state
        .with_store(move |s| meetings::load(s.conn(), id))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn create_meeting(
    state: State<'_, AppState>,
    input: MeetingInput,
) -> CommandResult<Meeting> {
    state.with_store(move |s| meetings::create(s, &input)).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn update_meeting(
    state: State<'_, AppState>,
    id: i64,
    input: MeetingInput,
) -> CommandResult<Meeting> {
    state
        .with_store(move |s| meetings::update(s, id, &input))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn start_meeting(state: State<'_, AppState>, id: i64) -> CommandResult<Meeting> {
    state.with_store(move |s| meetings::start(s, id)).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn finalise_meeting(state: State<'_, AppState>, id: i64) -> CommandResult<Meeting> {
    state.with_store(move |s| meetings::finalise(s, id)).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn begin_amendment(
    state: State<'_, AppState>,
    id: i64,
    reason: String,
) -> CommandResult<Meeting> {
    state
        .with_store(move |s| meetings::begin_amendment(s, id, &reason))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn finish_amendment(state: State<'_, AppState>, id: i64) -> CommandResult<Meeting> {
    state
        .with_store(move |s| meetings::finish_amendment(s, id))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn plan_next_meeting(
    state: State<'_, AppState>,
    id: i64,
    starts_at: String,
) -> CommandResult<Meeting> {
    state
        .with_store(move |s| meetings::plan_next(s, id, &starts_at))
        .await
}

// --- agenda ---------------------------------------------------------------------------

#[tauri::command]
#[instrument(skip(state, input), err(Debug))]
pub async fn add_case_item(
    state: State<'_, AppState>,
    meeting_id: i64,
    input: CaseItemInput,
) -> CommandResult<i64> {
    state
        .with_store(move |s| agenda::add_case(s, meeting_id, &input))
        .await
}

#[tauri::command]
#[instrument(skip(state, input), err(Debug))]
pub async fn update_case_item(
    state: State<'_, AppState>,
    item_id: i64,
    input: CaseItemInput,
) -> CommandResult<()> {
    state
        .with_store(move |s| agenda::update_case(s, item_id, &input))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn add_other_item(
    state: State<'_, AppState>,
    meeting_id: i64,
    input: OtherItemInput,
) -> CommandResult<i64> {
    state
        .with_store(move |s| agenda::add_other(s, meeting_id, &input))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn remove_agenda_item(state: State<'_, AppState>, item_id: i64) -> CommandResult<()> {
    state
        .with_store(move |s| agenda::remove_item(s, item_id))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn reorder_agenda(
    state: State<'_, AppState>,
    meeting_id: i64,
    ordered: Vec<i64>,
) -> CommandResult<()> {
    state
        .with_store(move |s| agenda::reorder(s, meeting_id, &ordered))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn set_item_outcome(
    state: State<'_, AppState>,
    item_id: i64,
    outcome: Outcome,
    seconds_used: i64,
) -> CommandResult<()> {
    state
        .with_store(move |s| agenda::set_outcome(s, item_id, outcome, seconds_used))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn record_item_time(
    state: State<'_, AppState>,
    item_id: i64,
    seconds_used: i64,
) -> CommandResult<()> {
    state
        .with_store(move |s| agenda::record_time(s, item_id, seconds_used))
        .await
}

// The record is free text about a person: it is not written to the log.
#[tauri::command]
#[instrument(skip(state, record), err(Debug))]
pub async fn save_discussion(
    state: State<'_, AppState>,
    item_id: i64,
    record: DiscussionRecord,
) -> CommandResult<String> {
    state
        .with_store(move |s| discussions::save(s, item_id, &record))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn set_attendance(
    state: State<'_, AppState>,
    meeting_id: i64,
    member_id: i64,
    input: AttendanceInput,
) -> CommandResult<()> {
    state
        .with_store(move |s| attendance::set(s, meeting_id, member_id, &input))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn reveal_identifier(
    state: State<'_, AppState>,
    case_id: i64,
) -> CommandResult<CaseIdentifier> {
    state
        .with_store(move |s| cases::reveal_identifier(s, case_id))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn case_history(
    state: State<'_, AppState>,
    reference: String,
) -> CommandResult<CaseHistory> {
    state
        .with_store(move |s| cases::history(s.conn(), &reference))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn search(state: State<'_, AppState>, query: String) -> CommandResult<Vec<SearchHit>> {
    state
        .with_store(move |s| search::search(s.conn(), &query))
        .await
}

// --- actions --------------------------------------------------------------------------

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn list_actions(
    state: State<'_, AppState>,
    filter: ActionFilter,
) -> CommandResult<Vec<AgreedAction>> {
    state
        .with_store(move |s| actions::list(s.conn(), &filter))
        .await
}

#[tauri::command]
#[instrument(skip(state, input), err(Debug))]
pub async fn add_action(
    state: State<'_, AppState>,
    item_id: i64,
    input: ActionInput,
) -> CommandResult<AgreedAction> {
    state
        .with_store(move |s| actions::add(s, item_id, &input))
        .await
}

#[tauri::command]
#[instrument(skip(state, input), err(Debug))]
pub async fn update_action(
    state: State<'_, AppState>,
    id: i64,
    input: ActionInput,
) -> CommandResult<AgreedAction> {
    state
        .with_store(move |s| actions::update(s, id, &input))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn remove_action(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    state.with_store(move |s| actions::remove(s, id)).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn complete_action(
    state: State<'_, AppState>,
    id: i64,
    done_on: Option<String>,
) -> CommandResult<AgreedAction> {
    state
        .with_store(move |s| actions::complete(s, id, done_on.as_deref()))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn cancel_action(
    state: State<'_, AppState>,
    id: i64,
    reason: String,
) -> CommandResult<AgreedAction> {
    state
        .with_store(move |s| actions::cancel(s, id, &reason))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn reopen_action(state: State<'_, AppState>, id: i64) -> CommandResult<AgreedAction> {
    state.with_store(move |s| actions::reopen(s, id)).await
}
/// Loads the fictional demo team and meetings; `force` adds them beside existing data.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn load_demo(state: State<'_, AppState>, force: bool) -> CommandResult<DemoReport> {
    state.with_store(move |s| demo::load(s, mdt::dates::local_today(), force)).await
}

/// Adds a case list to a meeting from CSV text the user picked; the file is read by the window,
/// so the webview needs no file-system access.
#[tauri::command]
#[instrument(skip(state, csv_text), err(Debug))]
pub async fn import_cases(state: State<'_, AppState>, meeting_id: i64, csv_text: String) -> CommandResult<CaseImportReport> {
    state.with_store(move |s| case_import::import_cases(s, meeting_id, &csv_text)).await
}

// --- reports ----------------------------------------------------------------------------

/// Where exports go, and the files this app has written: the only ones "Open the file" opens.
pub struct Exports {
    /// Set by `--export-dir` (or `MDT_EXPORT_DIR`) for the end-to-end tests: files are written
    /// there under their suggested names, with no save dialog.
    dir: Option<PathBuf>,
    written: Mutex<Vec<PathBuf>>,
}

impl Exports {
    pub fn new(dir: Option<PathBuf>) -> Exports {
        Exports { dir, written: Mutex::new(Vec::new()) }
    }

    /// Asks where to save (the platform dialog, on a blocking thread); `None` if the user cancels.
    async fn choose(&self, window: WebviewWindow, name: String, title: &'static str) -> CommandResult<Option<PathBuf>> {
        if let Some(dir) = &self.dir {
            return Ok(Some(dir.join(name)));
        }
        let picked = tauri::async_runtime::spawn_blocking(move || {
            window
                .dialog()
                .file()
                .set_parent(&window)
                .set_title(title)
                .set_file_name(name)
                .add_filter("PDF document", &["pdf"])
                .blocking_save_file()
        })
        .await
        .map_err(|e| ErrorPayload::from(Error::Internal(e.to_string())))?;
        let path = picked.map(|p| p.into_path()).transpose().map_err(|e| {
            ErrorPayload::from(Error::invalid("path", format!("That place cannot be saved to ({e}). Choose a folder on this computer.")))
        })?;
        Ok(path.map(|p| if p.extension().is_none() { p.with_extension("pdf") } else { p }))
    }

    fn remember(&self, report: &ExportReport) {
        self.written.lock().unwrap_or_else(PoisonError::into_inner).push(PathBuf::from(&report.path));
    }

    fn wrote(&self, path: &Path) -> bool {
        self.written.lock().unwrap_or_else(PoisonError::into_inner).iter().any(|p| p == path)
    }
}

/// Saves a meeting's minutes as a PDF where the user chooses. `None` when they cancel.
#[tauri::command]
#[instrument(skip(state, exports, window), err(Debug))]
pub async fn export_minutes(
    state: State<'_, AppState>,
    exports: State<'_, Exports>,
    window: WebviewWindow,
    meeting_id: i64,
    include_identifiers: bool,
) -> CommandResult<Option<ExportReport>> {
    let name = state.with_store(move |s| minutes::file_name(s.conn(), meeting_id)).await?;
    let Some(path) = exports.choose(window, name, "Save the minutes").await? else { return Ok(None) };
    let options = MinutesOptions { include_identifiers, created: None };
    let report = state.with_store(move |s| minutes::export(s, meeting_id, &options, &path)).await?;
    exports.remember(&report);
    Ok(Some(report))
}

/// Saves a printable list of open actions as a PDF where the user chooses. `None` when they cancel.
#[tauri::command]
#[instrument(skip(state, exports, window), err(Debug))]
pub async fn export_action_list(
    state: State<'_, AppState>,
    exports: State<'_, Exports>,
    window: WebviewWindow,
    options: ActionListOptions,
) -> CommandResult<Option<ExportReport>> {
    let for_name = options.clone();
    let name = state.with_store(move |s| action_list::file_name(s.conn(), &for_name)).await?;
    let Some(path) = exports.choose(window, name, "Save the action list").await? else { return Ok(None) };
    let report = state.with_store(move |s| action_list::export(s.conn(), &options, &path)).await?;
    exports.remember(&report);
    Ok(Some(report))
}

/// Opens a file this app has just exported in the computer's PDF viewer. Any other path is refused.
#[tauri::command]
#[instrument(skip(app, exports), err(Debug))]
pub async fn open_export(app: AppHandle, exports: State<'_, Exports>, path: String) -> CommandResult<()> {
    if !exports.wrote(Path::new(&path)) {
        return Err(Error::Conflict("MDT Assistant only opens files it has exported in this session.".into()).into());
    }
    app.opener().open_path(path, None::<&str>).map_err(|e| {
        ErrorPayload::from(Error::Conflict(format!(
            "The file was saved, but this computer could not open it ({e}). Open it from its folder instead."
        )))
    })
}
