//! Tauri commands: each unpacks state, runs one core function off the UI thread and maps
//! the error to `{code, message}`.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use mdt::actions::{self, ActionFilter, ActionInput, ActionPage, AgreedAction};
use mdt::agreement::{self, Agreement, AgreementAtItem};
use mdt::agenda::{self, CaseItemInput, OtherItemInput, Outcome};
use mdt::attendance::{self, AttendanceInput};
use mdt::backup::{self, BackupFolder};
use mdt::case_import::{self, CaseImportReport};
use mdt::cases::{self, CaseIdentifier};
use mdt::history::{self, CaseHistory};
use mdt::current_user::{self, CurrentUser};
use mdt::dashboard::{Dashboard, Period};
use mdt::sample::demo::{self, DemoReport, DemoStatus};
use mdt::dates::{self, DateReading};
use mdt::directory::{self, DirectoryEntry, DirectoryImportReport, DirectoryInput, DirectoryQuery};
use mdt::directory_csv;
use mdt::discussions::{self, DiscussionRecord, MergedRecord, SaveReceipt, SavedRecord};
use mdt::escalations::{self, ClosureInput, EscalationKey, EscalationState};
use mdt::guidance::{self, CaseGuidance, CaseOverrides, FlagCode, GuidanceSettings, MeetingReview};
use mdt::meetings::{self, Cancelled, FinaliseCheck, Reinstated, Meeting, MeetingDetail, MeetingInput, MeetingsOverview, SeriesDefaults};
use mdt::outcomes::{self, Measure, MeasureHistory, MeasureInput, Sitting, SittingInput};
use mdt::person::{self, PersonProfile, SavedProfile};
use mdt::referrals::{self, ConsentToShare, MadeReferral, Referral, ReferralDetails, ReferralFilter, ReferralInput, ServiceSharing, SharingConsent, StatusChange, StatusEntry};
use mdt::reports::referral_letter::{self, LetterOptions};
use mdt::search::{self, SearchHit};
use mdt::supervision::{self, Arrangement, ArrangementInput, CaseSource, Session, SessionInput, SupervisionCase, SupervisionStatus};
use mdt::members::{self, MemberInput, TeamMember};
use mdt::reports::action_list::{self, ActionListOptions};
use mdt::reports::agenda_pack::{self, AgendaPackOptions};
use mdt::reports::invitation::{self, InvitationOptions};
use mdt::reports::minutes::{self, MinutesOptions};
use mdt::reports::{ExportReport, quarterly, role_summary, teach_in as teach_in_report};
use mdt::roles::profiles::{self as role_profiles, RoleProfile};
use mdt::roles::summaries::{self as role_summaries, RoleComparison, RoleSummary};
use mdt::roles::{self, Role};
use mdt::teach_ins::{self, CasePrompt, TeachIn, TeachInDetails, TeachInInput, TeachInPresenter, TeachInSlotInput, TeachInSummary};
use mdt::backup::DatabaseStatus;
use mdt::{Error, ErrorPayload, Store};
use tauri::{AppHandle, State, WebviewWindow};
use tauri_plugin_opener::OpenerExt;

use crate::export::Exports;
use tracing::instrument;

type CommandResult<T> = Result<T, ErrorPayload>;

/// The longest the day's first backup waits for the first screen.
const FIRST_BACKUP_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// When the process started (forced first thing in `main`), for the start-up time in the log.
pub static LAUNCHED: std::sync::LazyLock<std::time::Instant> = std::sync::LazyLock::new(std::time::Instant::now);

pub struct AppState {
    store: Arc<Mutex<Option<Store>>>,
    status: Mutex<DatabaseStatus>,
    db_path: PathBuf,
    /// Told when the first screen is up (see [`ui_ready`]); the day's backup waits for it.
    first_screen: Mutex<Option<std::sync::mpsc::Sender<()>>>,
}

/// Autosaves must not wait for the write-ahead log to be copied into the database, and every
/// change is recorded under the name of the person chosen as using the app.
fn prepared(mut store: Store) -> mdt::Result<Store> {
    store.checkpoint_in_background()?;
    current_user::follow_choice(&mut store);
    Ok(store)
}

impl AppState {
    /// Opens the database. A failure is kept and shown in the window, not a crash; a damaged
    /// file comes with the newest good backup to offer in its place.
    pub fn open(db_path: PathBuf) -> AppState {
        let (store, status) = match Store::open(&db_path).and_then(prepared) {
            Ok(store) => (Some(store), DatabaseStatus::new(&db_path, None)),
            Err(e) => {
                tracing::error!(error = %e, path = %db_path.display(), "database not opened");
                let damaged = e.code() == mdt::ErrorCode::NotADatabase;
                let mut status = DatabaseStatus::new(&db_path, Some(ErrorPayload::from(e)));
                if damaged {
                    status.recovery = backup::newest_good(&backup::default_dir(&db_path));
                }
                (None, status)
            }
        };
        AppState { store: Arc::new(Mutex::new(store)), status: Mutex::new(status), db_path, first_screen: Mutex::new(None) }
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

    /// Takes the day's backup (if there is none yet) once the first screen is up, and then once a
    /// day while the app is open, on its own thread and its own connection so nobody waits for it.
    /// Waiting for the first screen matters on a large database: checking and copying ten years of
    /// records takes seconds of a core that opening the window needs.
    pub fn start_daily_backups(&self) {
        let store = Arc::clone(&self.store);
        let db_path = self.db_path.clone();
        let (ready, first_screen) = std::sync::mpsc::channel();
        *self.first_screen.lock().unwrap_or_else(PoisonError::into_inner) = Some(ready);
        std::thread::spawn(move || loop {
            // At the latest after FIRST_BACKUP_WAIT, in case the window never reports.
            let _ = first_screen.recv_timeout(FIRST_BACKUP_WAIT);
            let dir = store.lock().unwrap_or_else(PoisonError::into_inner).as_ref().map(backup::dir);
            if let Some(Ok(dir)) = dir
                && let Err(e) = backup::daily(&db_path, &dir, mdt::dates::local_today())
            {
                tracing::error!(error = %e, "daily backup failed");
            }
            std::thread::sleep(std::time::Duration::from_secs(3600));
        });
    }

    fn status(&self) -> DatabaseStatus {
        self.status.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Runs `f` on the store on a blocking thread, so the window never waits on the disk.
    async fn with_store<T, F>(&self, f: F) -> CommandResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> mdt::Result<T> + Send + 'static,
    {
        if let Some(problem) = self.status().problem {
            return Err(problem);
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

    /// Puts a backup in place of the damaged database (which is kept aside) and opens it.
    async fn recover(&self, backup_path: PathBuf) -> CommandResult<DatabaseStatus> {
        let db_path = self.db_path.clone();
        let store = tauri::async_runtime::spawn_blocking(move || {
            backup::recover(&db_path, &backup_path)?;
            Store::open(&db_path).and_then(prepared)
        })
        .await
        .map_err(|e| ErrorPayload::from(Error::Internal(e.to_string())))?
        .map_err(ErrorPayload::from)?;
        *self.store.lock().unwrap_or_else(PoisonError::into_inner) = Some(store);
        let status = DatabaseStatus::new(&self.db_path, None);
        *self.status.lock().unwrap_or_else(PoisonError::into_inner) = status.clone();
        Ok(status)
    }
}

#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> DatabaseStatus {
    state.status()
}

/// The UI calls this once, when its first screen has its data on screen: the log then says how
/// long the start took. `epoch_ms` is what the whole-app benchmark (benches/whole_app.mjs) reads.
#[tauri::command]
pub fn ui_ready(state: State<'_, AppState>, screen: String) {
    if let Some(ready) = state.first_screen.lock().unwrap_or_else(PoisonError::into_inner).take() {
        let _ = ready.send(());
    }
    let epoch_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    tracing::info!(screen, since_launch_ms = LAUNCHED.elapsed().as_millis() as u64, epoch_ms = epoch_ms as u64, "first screen ready");
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

/// Marks a member as having left the team on a typed day, or back in it with `None`.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn set_member_left(state: State<'_, AppState>, id: i64, left_on: Option<String>) -> CommandResult<members::Leaving> {
    state.with_store(move |s| members::set_left(s, id, left_on.as_deref(), mdt::dates::local_today())).await
}

// --- who is using the app ----------------------------------------------------------------

/// Who the app records as the person using it, and whether to ask.
#[tauri::command]
#[instrument(skip_all, err(Debug))]
pub async fn current_user(state: State<'_, AppState>) -> CommandResult<CurrentUser> {
    state.with_store(|s| current_user::get(s)).await
}

/// The person using the app says who they are, from the roster.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn choose_current_user(state: State<'_, AppState>, member_id: i64) -> CommandResult<CurrentUser> {
    state.with_store(move |s| current_user::choose(s, member_id)).await
}

// --- meetings -------------------------------------------------------------------------

/// Each meeting series with what planning its next meeting starts from.
#[tauri::command]
#[instrument(skip_all, err(Debug))]
pub async fn meeting_series_defaults(state: State<'_, AppState>) -> CommandResult<Vec<SeriesDefaults>> {
    state.with_store(|s| meetings::series_defaults(s.conn())).await
}

#[tauri::command]
#[instrument(skip_all, err(Debug))]
pub async fn list_meetings(state: State<'_, AppState>, past_limit: u32) -> CommandResult<MeetingsOverview> {
    state.with_store(move |s| meetings::overview(s.conn(), past_limit)).await
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
pub async fn meeting_matters_arising(state: State<'_, AppState>, meeting_id: i64, limit: u32) -> CommandResult<ActionPage> {
    state
        .with_store(move |s| meetings::matters_arising(s.conn(), meeting_id, limit))
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

/// What the chair should know before finalising today (see `meetings::finalise_checks`).
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn finalise_checks(state: State<'_, AppState>, id: i64) -> CommandResult<Vec<FinaliseCheck>> {
    state.with_store(move |s| meetings::finalise_checks(s.conn(), id, mdt::dates::local_today())).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn finalise_meeting(state: State<'_, AppState>, id: i64) -> CommandResult<Meeting> {
    state.with_store(move |s| meetings::finalise(s, id)).await
}

/// Cancels a meeting that has not started, with the reason (see `meetings::cancel`).
#[tauri::command]
#[instrument(skip(state, reason), err(Debug))]
pub async fn cancel_meeting(state: State<'_, AppState>, id: i64, reason: String) -> CommandResult<Cancelled> {
    state.with_store(move |s| meetings::cancel(s, id, &reason)).await
}

/// Undoes a meeting's cancellation (see `meetings::reinstate`).
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn reinstate_meeting(state: State<'_, AppState>, id: i64) -> CommandResult<Reinstated> {
    state.with_store(move |s| meetings::reinstate(s, id)).await
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

/// A case record as saved now, with its version: what the window shows when a record is opened.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn open_discussion(state: State<'_, AppState>, item_id: i64) -> CommandResult<SavedRecord> {
    state.with_store(move |s| discussions::open(s.conn(), item_id)).await
}

// The record is free text about a person: it is not written to the log.
#[tauri::command]
#[instrument(skip(state, record), err(Debug))]
pub async fn save_discussion(
    state: State<'_, AppState>,
    item_id: i64,
    based_on: i64,
    record: DiscussionRecord,
) -> CommandResult<SaveReceipt> {
    state
        .with_store(move |s| discussions::save(s, item_id, based_on, &record))
        .await
}

#[tauri::command]
#[instrument(skip(state, base, mine), err(Debug))]
pub async fn merge_discussion(
    state: State<'_, AppState>,
    item_id: i64,
    base: DiscussionRecord,
    mine: DiscussionRecord,
) -> CommandResult<MergedRecord> {
    state
        .with_store(move |s| discussions::merge(s.conn(), item_id, &base, &mine))
        .await
}

/// What a date typed into a field means, for the window to show beside it.
#[tauri::command]
pub fn read_date(text: String) -> CommandResult<DateReading> {
    dates::reading("date", &text).map_err(ErrorPayload::from)
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
        .with_store(move |s| history::case(s.conn(), &reference))
        .await
}

/// What matters to the person and their goals, as saved now, with the version to save on.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn open_person_profile(state: State<'_, AppState>, case_id: i64) -> CommandResult<SavedProfile> {
    state.with_store(move |s| person::open(s.conn(), case_id)).await
}

/// Refused with a `conflict` on the field `version` when someone saved a newer version since.
#[tauri::command]
#[instrument(skip(state, profile), err(Debug))]
pub async fn save_person_profile(state: State<'_, AppState>, case_id: i64, based_on: i64, profile: PersonProfile) -> CommandResult<SavedProfile> {
    state.with_store(move |s| person::save(s, case_id, based_on, &profile)).await
}

/// The person's joint-working agreement as one discussion shows it.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn open_agreement(state: State<'_, AppState>, item_id: i64) -> CommandResult<AgreementAtItem> {
    state.with_store(move |s| agreement::at_item(s.conn(), item_id)).await
}

/// "Still right": refused with a `conflict` when the agreement changed since the screen showed it.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn confirm_agreement(state: State<'_, AppState>, item_id: i64, based_on: i64) -> CommandResult<AgreementAtItem> {
    state.with_store(move |s| agreement::confirm(s, item_id, based_on)).await
}

/// Agrees or changes the agreement at this discussion; a change needs a reason.
#[tauri::command]
#[instrument(skip(state, agreement, reason), err(Debug))]
pub async fn change_agreement(
    state: State<'_, AppState>,
    item_id: i64,
    based_on: i64,
    agreement: Agreement,
    reason: String,
) -> CommandResult<AgreementAtItem> {
    state.with_store(move |s| agreement::change(s, item_id, based_on, &agreement, &reason)).await
}

/// Everyone due for review by the meeting's day who is not on its agenda yet (issue #15).
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn review_offer(state: State<'_, AppState>, meeting_id: i64) -> CommandResult<mdt::reviews::ReviewOffer> {
    state.with_store(move |s| mdt::reviews::offer(s.conn(), meeting_id)).await
}

/// Puts the chosen people due for review on the agenda: all of them, in one audited step, or none.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn add_due_reviews(state: State<'_, AppState>, meeting_id: i64, case_ids: Vec<i64>) -> CommandResult<mdt::reviews::AddedReviews> {
    state.with_store(move |s| mdt::reviews::add_due(s, meeting_id, &case_ids)).await
}

/// Reviews whose day has passed unmet, in every series: the meetings screen's notice.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn overdue_reviews(state: State<'_, AppState>) -> CommandResult<Vec<mdt::reviews::DueReview>> {
    state.with_store(move |s| mdt::reviews::overdue(s.conn(), mdt::dates::local_today())).await
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
    limit: u32,
) -> CommandResult<ActionPage> {
    state
        .with_store(move |s| actions::page(s.conn(), &filter, limit))
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

/// Whether the fictional demo data is in the database.
#[tauri::command]
#[instrument(skip_all, err(Debug))]
pub async fn demo_status(state: State<'_, AppState>) -> CommandResult<DemoStatus> {
    state.with_store(|s| demo::status(s.conn())).await
}

/// Adds a case list to a meeting from CSV text the user picked; the file is read by the window,
/// so the webview needs no file-system access.
#[tauri::command]
#[instrument(skip(state, csv_text), err(Debug))]
pub async fn import_cases(state: State<'_, AppState>, meeting_id: i64, csv_text: String) -> CommandResult<CaseImportReport> {
    state.with_store(move |s| case_import::import_cases(s, meeting_id, &csv_text)).await
}

// --- guidance -------------------------------------------------------------------------

/// The guidance for a case as its record stands on screen (not yet saved).
#[tauri::command]
#[instrument(skip(state, record), err(Debug))]
pub async fn case_guidance(state: State<'_, AppState>, item_id: i64, record: DiscussionRecord) -> CommandResult<CaseGuidance> {
    state.with_store(move |s| guidance::case_guidance(s.conn(), item_id, Some(&record))).await
}

/// The chair accepts the lead suggestion (empty reason) or records why the team chose differently.
#[tauri::command]
#[instrument(skip(state, override_reason), err(Debug))]
pub async fn record_lead_decision(state: State<'_, AppState>, item_id: i64, override_reason: String) -> CommandResult<CaseGuidance> {
    state.with_store(move |s| guidance::record_lead_decision(s, item_id, &override_reason)).await
}

/// Closes an escalation (raised here or carried from an earlier discussion) with who, when and why.
#[tauri::command]
#[instrument(skip(state, closure), err(Debug))]
pub async fn close_escalation(state: State<'_, AppState>, item_id: i64, key: EscalationKey, closure: ClosureInput) -> CommandResult<Vec<EscalationState>> {
    state.with_store(move |s| escalations::close(s, item_id, &key, &closure)).await
}

/// Reopens an escalation closed by mistake, where it was closed.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn reopen_escalation(state: State<'_, AppState>, item_id: i64, key: EscalationKey) -> CommandResult<Vec<EscalationState>> {
    state.with_store(move |s| escalations::reopen(s, item_id, &key)).await
}

/// The chair dismisses a guidance flag for this person, with a reason.
#[tauri::command]
#[instrument(skip(state, reason), err(Debug))]
pub async fn dismiss_flag(state: State<'_, AppState>, item_id: i64, code: FlagCode, fingerprint: String, reason: String) -> CommandResult<CaseGuidance> {
    state.with_store(move |s| guidance::dismiss_flag(s, item_id, code, &fingerprint, &reason)).await
}

/// Undoes a dismissal: the flag is open again from this meeting on.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn undo_dismissal(state: State<'_, AppState>, item_id: i64, dismissal_id: i64) -> CommandResult<CaseGuidance> {
    state.with_store(move |s| guidance::undo_dismissal(s, item_id, dismissal_id)).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn meeting_review(state: State<'_, AppState>, meeting_id: i64) -> CommandResult<MeetingReview> {
    state.with_store(move |s| guidance::meeting_review(s.conn(), meeting_id)).await
}

/// The guidance flags finalised past on each case of a meeting, for its minutes on screen.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn meeting_overrides(state: State<'_, AppState>, meeting_id: i64) -> CommandResult<Vec<CaseOverrides>> {
    state.with_store(move |s| guidance::meeting_overrides(s.conn(), meeting_id)).await
}

#[tauri::command]
#[instrument(skip_all, err(Debug))]
pub async fn guidance_settings(state: State<'_, AppState>) -> CommandResult<GuidanceSettings> {
    state.with_store(|s| guidance::load_settings(s.conn())).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn save_guidance_settings(state: State<'_, AppState>, settings: GuidanceSettings) -> CommandResult<GuidanceSettings> {
    state.with_store(move |s| guidance::save_settings(s, &settings)).await
}

// --- backups --------------------------------------------------------------------------

/// The backup folder and the automatic backups in it, newest first.
#[tauri::command]
#[instrument(skip_all, err(Debug))]
pub async fn list_backups(state: State<'_, AppState>) -> CommandResult<BackupFolder> {
    state.with_store(|s| backup::dir(s).and_then(|dir| Ok(BackupFolder { files: backup::list(&dir)?, dir: dir.display().to_string() }))).await
}

#[tauri::command]
#[instrument(skip_all, err(Debug))]
pub async fn backup_now(state: State<'_, AppState>) -> CommandResult<String> {
    let db_path = state.db_path.clone();
    state
        .with_store(move |s| Ok(backup::now(&db_path, &backup::dir(s)?, mdt::dates::local_today())?.display().to_string()))
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn set_backup_dir(state: State<'_, AppState>, dir: String) -> CommandResult<String> {
    state.with_store(move |s| Ok(backup::set_dir(s, std::path::Path::new(dir.trim()))?.display().to_string())).await
}

/// Restores one of the listed backups; returns where the database as it was has been kept.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> CommandResult<String> {
    state.with_store(move |s| Ok(backup::restore(s, std::path::Path::new(&path))?.display().to_string())).await
}

/// Offered only when the database could not be opened because it is damaged.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn recover_from_backup(state: State<'_, AppState>) -> CommandResult<DatabaseStatus> {
    let offered = state.status().recovery.ok_or_else(|| ErrorPayload::from(Error::Conflict("No good backup was found to restore.".into())))?;
    state.recover(PathBuf::from(offered.path)).await
}

/// Who changed a record, when, and what it was before and after.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn audit_history(state: State<'_, AppState>, entity: mdt::audit::AuditEntity, id: i64) -> CommandResult<Vec<mdt::audit::AuditEntry>> {
    state.with_store(move |s| mdt::history::entity(s.conn(), entity, id)).await
}

// --- roles and teach-ins ----------------------------------------------------------------

#[tauri::command]
#[instrument(skip_all, err(Debug))]
pub async fn list_role_summaries(state: State<'_, AppState>) -> CommandResult<Vec<RoleSummary>> {
    state.with_store(|s| role_summaries::all(s.conn(), mdt::dates::local_today())).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn role_summary(state: State<'_, AppState>, key: String) -> CommandResult<RoleSummary> {
    state.with_store(move |s| role_summaries::summary(s.conn(), &key, mdt::dates::local_today())).await
}

/// Saves the team's copy of a role profile (audited) and returns the summary built from it.
#[tauri::command]
#[instrument(skip(state, profile), err(Debug))]
pub async fn save_role_profile(state: State<'_, AppState>, key: String, profile: RoleProfile) -> CommandResult<RoleSummary> {
    state
        .with_store(move |s| {
            role_profiles::save_edit(s, &key, &profile)?;
            role_summaries::summary(s.conn(), &key, mdt::dates::local_today())
        })
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn reset_role_profile(state: State<'_, AppState>, key: String) -> CommandResult<RoleSummary> {
    state
        .with_store(move |s| {
            role_profiles::reset_to_default(s, &key)?;
            role_summaries::summary(s.conn(), &key, mdt::dates::local_today())
        })
        .await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn compare_roles(state: State<'_, AppState>, left: String, right: String) -> CommandResult<RoleComparison> {
    state.with_store(move |s| role_summaries::compare(s.conn(), &left, &right, mdt::dates::local_today())).await
}

/// Role-at-a-glance sheets for `keys`, then the comparison of `compare`, saved where the user
/// chooses. `None` when they cancel.
#[tauri::command]
#[instrument(skip(window, state, exports), err(Debug))]
pub async fn export_role_sheets(
    window: WebviewWindow,
    state: State<'_, AppState>,
    exports: State<'_, Exports>,
    keys: Vec<String>,
    compare: Option<(String, String)>,
) -> CommandResult<Option<ExportReport>> {
    let name = role_summary::sheets_file_name(&keys, compare.as_ref().map(|(a, b)| (a.as_str(), b.as_str())));
    exports
        .save(window, name, "Save the role sheets", |path| {
            state.with_store(move |s| {
                let pair = compare.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
                role_summary::export_role_sheets(s.conn(), &keys, pair, mdt::dates::local_today(), &path)
            })
        })
        .await
}

#[tauri::command]
#[instrument(skip_all, err(Debug))]
pub async fn list_teach_ins(state: State<'_, AppState>) -> CommandResult<Vec<TeachInSummary>> {
    state.with_store(|s| teach_ins::list(s.conn())).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn load_teach_in(state: State<'_, AppState>, id: i64) -> CommandResult<TeachIn> {
    state.with_store(move |s| teach_ins::get(s.conn(), id)).await
}

#[tauri::command]
#[instrument(skip(state, input), err(Debug))]
pub async fn create_teach_in(state: State<'_, AppState>, input: TeachInInput) -> CommandResult<TeachIn> {
    state.with_store(move |s| teach_ins::create(s, &input)).await
}

#[tauri::command]
#[instrument(skip(state, details), err(Debug))]
pub async fn update_teach_in(state: State<'_, AppState>, id: i64, details: TeachInDetails) -> CommandResult<TeachIn> {
    state.with_store(move |s| teach_ins::update_details(s, id, &details)).await
}

#[tauri::command]
#[instrument(skip(state, input), err(Debug))]
pub async fn update_teach_in_slot(state: State<'_, AppState>, slot_id: i64, input: TeachInSlotInput) -> CommandResult<TeachIn> {
    state.with_store(move |s| teach_ins::update_slot(s, slot_id, &input)).await
}

#[tauri::command]
#[instrument(skip(state, input), err(Debug))]
pub async fn add_teach_in_slot(state: State<'_, AppState>, id: i64, input: TeachInSlotInput) -> CommandResult<TeachIn> {
    state.with_store(move |s| teach_ins::add_slot(s, id, &input)).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn remove_teach_in_slot(state: State<'_, AppState>, slot_id: i64) -> CommandResult<TeachIn> {
    state.with_store(move |s| teach_ins::remove_slot(s, slot_id)).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn reorder_teach_in_slots(state: State<'_, AppState>, id: i64, ordered: Vec<i64>) -> CommandResult<TeachIn> {
    state.with_store(move |s| teach_ins::reorder_slots(s, id, &ordered)).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn remove_teach_in(state: State<'_, AppState>, id: i64) -> CommandResult<()> {
    state.with_store(move |s| teach_ins::remove(s, id)).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn teach_in_case_prompts(state: State<'_, AppState>, role_keys: Vec<String>) -> CommandResult<Vec<CasePrompt>> {
    state.with_store(move |s| teach_ins::case_prompts(s.conn(), &role_keys)).await
}

/// The presenters a new teach-in on these roles starts with: the core members holding them.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn teach_in_default_presenters(state: State<'_, AppState>, role_keys: Vec<String>) -> CommandResult<Vec<TeachInPresenter>> {
    state.with_store(move |s| teach_ins::default_presenters(s.conn(), &role_keys)).await
}

/// Talking points for a slot drawn from the role profiles as they are now; nothing is saved.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn teach_in_slot_suggested_notes(state: State<'_, AppState>, slot_id: i64) -> CommandResult<String> {
    state.with_store(move |s| teach_ins::suggested_notes(s.conn(), slot_id)).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn add_teach_in_to_meeting(state: State<'_, AppState>, meeting_id: i64, teach_in_id: i64) -> CommandResult<i64> {
    state.with_store(move |s| teach_ins::add_to_meeting(s, meeting_id, teach_in_id)).await
}

/// The agenda with speaker notes, saved where the user chooses. `None` when they cancel.
#[tauri::command]
#[instrument(skip(window, state, exports), err(Debug))]
pub async fn export_teach_in(
    window: WebviewWindow,
    state: State<'_, AppState>,
    exports: State<'_, Exports>,
    id: i64,
) -> CommandResult<Option<ExportReport>> {
    let name = state.with_store(move |s| teach_in_report::agenda_file_name(s.conn(), id)).await?;
    exports
        .save(window, name, "Save the teach-in agenda", |path| {
            state.with_store(move |s| teach_in_report::export_agenda(s.conn(), id, &path))
        })
        .await
}

/// The one-page handout for attendees, saved where the user chooses. `None` when they cancel.
#[tauri::command]
#[instrument(skip(window, state, exports), err(Debug))]
pub async fn export_teach_in_handout(
    window: WebviewWindow,
    state: State<'_, AppState>,
    exports: State<'_, Exports>,
    id: i64,
) -> CommandResult<Option<ExportReport>> {
    let name = state.with_store(move |s| teach_in_report::handout_file_name(s.conn(), id)).await?;
    exports
        .save(window, name, "Save the handout", |path| {
            state.with_store(move |s| teach_in_report::export_handout(s.conn(), id, mdt::dates::local_today(), &path))
        })
        .await
}


// --- outcomes ------------------------------------------------------------------------------

/// Every outcome measure (the app's and the team's own), with which are in use.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn outcome_measures(state: State<'_, AppState>) -> CommandResult<Vec<Measure>> {
    state.with_store(move |s| outcomes::measures(s.conn())).await
}

/// Puts an outcome measure in use, or takes it out of use (its scores stay).
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn set_outcome_measure_in_use(state: State<'_, AppState>, key: String, in_use: bool) -> CommandResult<Measure> {
    state.with_store(move |s| outcomes::set_in_use(s, &key, in_use)).await
}

/// Adds the team's own outcome measure.
#[tauri::command]
#[instrument(skip(state, input), err(Debug))]
pub async fn add_outcome_measure(state: State<'_, AppState>, input: MeasureInput) -> CommandResult<Measure> {
    state.with_store(move |s| outcomes::add_measure(s, &input)).await
}

/// A person's outcome scores, per measure, with the change from the first answer to the latest.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn outcomes_for_person(state: State<'_, AppState>, case_id: i64) -> CommandResult<Vec<MeasureHistory>> {
    state.with_store(move |s| outcomes::for_person(s.conn(), case_id)).await
}

/// Records a sitting of an outcome measure for a person.
#[tauri::command]
#[instrument(skip(state, input), err(Debug))]
pub async fn record_outcome(state: State<'_, AppState>, case_id: i64, input: SittingInput) -> CommandResult<Sitting> {
    state.with_store(move |s| outcomes::record(s, case_id, &input)).await
}

/// Removes a sitting entered wrongly, with the reason.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn remove_outcome(state: State<'_, AppState>, id: i64, reason: String) -> CommandResult<()> {
    state.with_store(move |s| outcomes::remove(s, id, &reason)).await
}

// --- referrals ----------------------------------------------------------------------------

/// Referrals matching the filter (open ones, a person's, a referrer's, a discussion's).
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn list_referrals(state: State<'_, AppState>, filter: ReferralFilter) -> CommandResult<Vec<Referral>> {
    state.with_store(move |s| referrals::list(s.conn(), &filter)).await
}

/// Makes a referral from a case's discussion; to an outside service, with the person's answer
/// about sharing (refused: no referral, and `notMade` says so).
#[tauri::command]
#[instrument(skip(state, input), err(Debug))]
pub async fn make_referral(state: State<'_, AppState>, item_id: i64, input: ReferralInput) -> CommandResult<MadeReferral> {
    state.with_store(move |s| referrals::make(s, item_id, &input)).await
}

/// Refused with a `conflict` on the field `version` when the referral changed since.
#[tauri::command]
#[instrument(skip(state, details), err(Debug))]
pub async fn update_referral(state: State<'_, AppState>, id: i64, based_on: i64, details: ReferralDetails) -> CommandResult<Referral> {
    state.with_store(move |s| referrals::update(s, id, based_on, &details)).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn change_referral_status(state: State<'_, AppState>, id: i64, based_on: i64, change: StatusChange) -> CommandResult<Referral> {
    state.with_store(move |s| referrals::change_status(s, id, based_on, &change)).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn referral_feedback_given(state: State<'_, AppState>, id: i64, based_on: i64, on: Option<String>) -> CommandResult<Referral> {
    state.with_store(move |s| referrals::feedback_given(s, id, based_on, on.as_deref())).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn referral_history(state: State<'_, AppState>, id: i64) -> CommandResult<Vec<StatusEntry>> {
    state.with_store(move |s| referrals::history(s.conn(), id)).await
}

/// The outside services known for a case item's person, with consent to share with each.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn sharing_for_item(state: State<'_, AppState>, item_id: i64) -> CommandResult<Vec<ServiceSharing>> {
    state.with_store(move |s| referrals::sharing_for_item(s.conn(), item_id)).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn record_sharing(
    state: State<'_, AppState>,
    item_id: i64,
    service: String,
    decision: ConsentToShare,
    on: String,
) -> CommandResult<SharingConsent> {
    state.with_store(move |s| referrals::record_sharing(s, item_id, &service, decision, &on)).await
}

/// Saves a referral's letter as a PDF where the user chooses. `None` when they cancel.
#[tauri::command]
#[instrument(skip(state, exports, window), err(Debug))]
pub async fn export_referral_letter(
    state: State<'_, AppState>,
    exports: State<'_, Exports>,
    window: WebviewWindow,
    referral_id: i64,
    include_identifiers: bool,
) -> CommandResult<Option<ExportReport>> {
    let name = state.with_store(move |s| referral_letter::file_name(s.conn(), referral_id)).await?;
    let options = LetterOptions { include_identifiers, created: None };
    exports
        .save(window, name, "Save the referral letter", |path| state.with_store(move |s| referral_letter::export(s, referral_id, &options, &path)))
        .await
}

// --- reports ----------------------------------------------------------------------------

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
    let options = MinutesOptions { include_identifiers, created: None };
    exports
        .save(window, name, "Save the minutes", |path| state.with_store(move |s| minutes::export(s, meeting_id, &options, &path)))
        .await
}

/// Saves a meeting's agenda pack (never with identifiers) as a PDF where the user chooses. `None`
/// when they cancel.
#[tauri::command]
#[instrument(skip(state, exports, window), err(Debug))]
pub async fn export_agenda_pack(
    state: State<'_, AppState>,
    exports: State<'_, Exports>,
    window: WebviewWindow,
    meeting_id: i64,
    per_presenter: bool,
) -> CommandResult<Option<ExportReport>> {
    let name = state.with_store(move |s| agenda_pack::file_name(s.conn(), meeting_id)).await?;
    let options = AgendaPackOptions { per_presenter, created: None };
    exports
        .save(window, name, "Save the agenda pack", |path| state.with_store(move |s| agenda_pack::export(s.conn(), meeting_id, &options, &path)))
        .await
}

/// Saves a meeting's calendar invitation (.ics) where the user chooses. `None` when they cancel.
#[tauri::command]
#[instrument(skip(state, exports, window), err(Debug))]
pub async fn export_invitation(
    state: State<'_, AppState>,
    exports: State<'_, Exports>,
    window: WebviewWindow,
    meeting_id: i64,
) -> CommandResult<Option<ExportReport>> {
    let name = state.with_store(move |s| invitation::file_name(s.conn(), meeting_id)).await?;
    exports
        .save_as(window, name, "Save the calendar invitation", crate::export::CALENDAR, |path| {
            state.with_store(move |s| invitation::export(s, meeting_id, &InvitationOptions::default(), &path))
        })
        .await
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
    exports
        .save(window, name, "Save the action list", |path| state.with_store(move |s| action_list::export(s.conn(), &options, &path)))
        .await
}

/// Opens a file this app has just exported in the computer's program for it (a PDF viewer, a
/// calendar). Any other path is refused.
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

/// The directory of local services that match `query`, each marked as of today.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn list_directory(state: State<'_, AppState>, query: DirectoryQuery) -> CommandResult<Vec<DirectoryEntry>> {
    state.with_store(move |s| directory::list(s.conn(), &query, mdt::dates::local_today())).await
}

#[tauri::command]
#[instrument(skip(state, input), err(Debug))]
pub async fn add_directory_entry(state: State<'_, AppState>, input: DirectoryInput) -> CommandResult<DirectoryEntry> {
    state.with_store(move |s| directory::add(s, &input, mdt::dates::local_today())).await
}

/// Saves a changed entry; `based_on` is the version the screen showed.
#[tauri::command]
#[instrument(skip(state, input), err(Debug))]
pub async fn update_directory_entry(state: State<'_, AppState>, id: i64, based_on: i64, input: DirectoryInput) -> CommandResult<DirectoryEntry> {
    state.with_store(move |s| directory::update(s, id, based_on, &input, mdt::dates::local_today())).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn mark_directory_entry_checked(state: State<'_, AppState>, id: i64, based_on: i64, on: String) -> CommandResult<DirectoryEntry> {
    state.with_store(move |s| directory::mark_checked(s, id, based_on, &on, mdt::dates::local_today())).await
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn archive_directory_entry(state: State<'_, AppState>, id: i64, based_on: i64, archived: bool) -> CommandResult<DirectoryEntry> {
    state.with_store(move |s| directory::set_archived(s, id, based_on, archived, mdt::dates::local_today())).await
}

/// Imports a directory CSV file the user picked (read by the window), all or nothing.
#[tauri::command]
#[instrument(skip(state, csv_text), err(Debug))]
pub async fn import_directory(state: State<'_, AppState>, csv_text: String) -> CommandResult<DirectoryImportReport> {
    state.with_store(move |s| directory_csv::import(s, &csv_text, mdt::dates::local_today())).await
}

/// Saves the directory as a CSV file where the user chooses. `None` when they cancel.
#[tauri::command]
#[instrument(skip(state, exports, window), err(Debug))]
pub async fn export_directory(
    state: State<'_, AppState>,
    exports: State<'_, Exports>,
    window: WebviewWindow,
) -> CommandResult<Option<ExportReport>> {
    let today = mdt::dates::local_today();
    exports
        .save_as(window, directory_csv::file_name(today), "Save the directory of services", crate::export::CSV, |path| {
            state.with_store(move |s| directory_csv::export(s.conn(), today, &path))
        })
        .await
}

/// Each SPLW's supervision as of today: who supervises them, the latest session, whether they have
/// gone over a month without (the roster warns).
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn supervision_status(state: State<'_, AppState>) -> CommandResult<Vec<SupervisionStatus>> {
    state.with_store(|s| supervision::status(s.conn(), mdt::dates::local_today())).await
}

/// The roles the supervision log checks: SPLWs (the guidance's) and any the team chose.
#[tauri::command]
#[instrument(skip_all, err(Debug))]
pub async fn supervised_roles(state: State<'_, AppState>) -> CommandResult<Vec<supervision::SupervisedRole>> {
    state.with_store(|s| supervision::supervised_roles(s.conn())).await
}

/// Sets the roles the supervision log checks; SPLWs always stay.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn set_supervised_roles(state: State<'_, AppState>, keys: Vec<String>) -> CommandResult<Vec<supervision::SupervisedRole>> {
    state.with_store(move |s| supervision::set_supervised_roles(s, &keys)).await
}

/// From a "raise in supervision" or "joint debrief" suggestion: the case goes on the list for the
/// next supervision of each SPLW the discussion names.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn take_case_to_supervision(state: State<'_, AppState>, item_id: i64, source: CaseSource) -> CommandResult<Vec<SupervisionCase>> {
    state.with_store(move |s| supervision::take_from_discussion(s, item_id, source)).await
}

/// Sets who supervises a member; `based_on` is the arrangement's version the screen showed (0 for
/// none), and a save over a newer one is refused as stale.
#[tauri::command]
#[instrument(skip(state, input), err(Debug))]
pub async fn set_supervision_arrangement(state: State<'_, AppState>, supervisee_id: i64, based_on: i64, input: ArrangementInput) -> CommandResult<Arrangement> {
    state.with_store(move |s| supervision::set_arrangement(s, supervisee_id, based_on, &input)).await
}

/// Records a supervision session held (on or before today) and the waiting cases it took.
#[tauri::command]
#[instrument(skip(state, input), err(Debug))]
pub async fn record_supervision_session(state: State<'_, AppState>, input: SessionInput) -> CommandResult<Session> {
    state.with_store(move |s| supervision::record_session(s, &input, mdt::dates::local_today())).await
}

/// A member's supervision sessions, latest first.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn supervision_sessions(state: State<'_, AppState>, supervisee_id: i64) -> CommandResult<Vec<Session>> {
    state.with_store(move |s| supervision::sessions(s.conn(), supervisee_id)).await
}

/// The cases waiting for a member's next supervision, oldest first.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn supervision_waiting(state: State<'_, AppState>, supervisee_id: i64) -> CommandResult<Vec<SupervisionCase>> {
    state.with_store(move |s| supervision::waiting(s.conn(), supervisee_id)).await
}

// --- dashboard ----------------------------------------------------------------------------

/// The period chooser's quarters: the NHS financial-year quarter holding today and the `count - 1`
/// before it, latest first (at most twelve: three years).
#[tauri::command]
#[instrument(err(Debug))]
pub async fn dashboard_quarters(count: u32) -> CommandResult<Vec<Period>> {
    let mut quarter = Period::quarter_containing(mdt::dates::local_today());
    let mut quarters = Vec::new();
    for _ in 0..count.clamp(1, 12) {
        // The day before a quarter's first is in the quarter before it.
        let before = dates::parse_date("from", &quarter.from)?.pred_opt().ok_or_else(|| Error::Internal("no day before".into()))?;
        quarters.push(std::mem::replace(&mut quarter, Period::quarter_containing(before)));
    }
    Ok(quarters)
}

/// A period of the user's choosing, from two days as typed (15/12/2026, "today"): refused with the
/// field (`from` or `to`) that is wrong, so the screen says so beside it.
#[tauri::command]
#[instrument(err(Debug))]
pub async fn dashboard_period(from: String, to: String) -> CommandResult<Period> {
    Ok(Period::between(&from, &to, mdt::dates::local_today())?)
}

/// The dashboard's figures and charts for `period`, as of today.
#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub async fn dashboard(state: State<'_, AppState>, period: Period) -> CommandResult<Dashboard> {
    state.with_store(move |s| mdt::dashboard::compute(s.conn(), &period, mdt::dates::local_today())).await
}

/// Saves the quarterly MDT report for `period` as a PDF where the user chooses. `None` when they
/// cancel.
#[tauri::command]
#[instrument(skip(state, exports, window), err(Debug))]
pub async fn export_quarterly_report(
    state: State<'_, AppState>,
    exports: State<'_, Exports>,
    window: WebviewWindow,
    period: Period,
) -> CommandResult<Option<ExportReport>> {
    let name = format!("MDT report {} to {}.pdf", period.from, period.to);
    exports
        .save(window, name, "Save the quarterly MDT report", |path| {
            state.with_store(move |s| quarterly::export(s.conn(), &period, mdt::dates::local_today(), &path))
        })
        .await
}
